namespace KzBot.Core.Layout;

/// <summary>
/// Where to end one message of a long reply, the same on every platform: the strongest boundary in the second half
/// of the room left — a paragraph break, a line break, a sentence end, a clause end, a space. A weaker boundary close
/// to the limit beats a paragraph break that would leave a tiny part.
/// </summary>
public static class CutLadder
{
    private static readonly string[][] Rungs =
    [
        ["\n\n"],
        ["\n"],
        [". ", "! ", "? ", "… "],
        ["; "],
        [" "],
    ];

    /// <summary>
    /// The index to cut <paramref name="window"/> at (what follows is whitespace the caller drops), or 0 when no
    /// boundary lies in its second half. <paramref name="allowed"/> can veto a cut, e.g. one inside a link.
    /// </summary>
    public static int Find(ReadOnlySpan<char> window, Func<int, bool>? allowed = null)
    {
        var half = window.Length / 2;
        var candidates = new List<int>();
        foreach (var rung in Rungs)
        {
            candidates.Clear();
            foreach (var boundary in rung)
            {
                var kept = boundary.TrimEnd().Length;
                var end = window.Length;
                int at;
                while (end > 0 && (at = window[..end].LastIndexOf(boundary)) > half)
                {
                    candidates.Add(at + kept);
                    end = at + boundary.Length - 1;
                }
            }

            foreach (var cut in candidates.OrderDescending())
            {
                if (allowed is null || allowed(cut))
                {
                    return cut;
                }
            }
        }

        return 0;
    }
}
