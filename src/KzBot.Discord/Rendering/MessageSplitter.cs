using System.Text.RegularExpressions;
using KzBot.Core.Layout;

namespace KzBot.Discord.Rendering;

/// <summary>
/// Splits text into Discord messages of at most <see cref="DiscordLimits.MessageContent"/> characters where
/// <see cref="CutLadder"/> says. A cut never falls inside a link, and a cut inside a code block closes the block and
/// reopens it in the next part.
/// </summary>
internal static partial class MessageSplitter
{
    private const string Fence = "```";

    public static List<string> Split(string text, int limit = DiscordLimits.MessageContent)
    {
        var parts = new List<string>();
        var reopen = "";
        var rest = text.Trim();
        while (rest.Length > 0)
        {
            rest = reopen + rest;
            if (rest.Length <= limit)
            {
                parts.Add(rest);
                break;
            }

            // Room for closing a code block that the cut leaves open.
            var budget = limit - (Fence.Length + 1);
            var cut = ChooseCut(rest, budget);
            var part = rest[..cut].TrimEnd();
            var openFence = OpenFence(part);
            if (openFence is not null)
            {
                part += "\n" + Fence;
                reopen = openFence + "\n";
            }
            else
            {
                reopen = "";
            }

            parts.Add(part);
            rest = rest[cut..].TrimStart();
        }

        return parts;
    }

    private static int ChooseCut(string text, int budget)
    {
        var links = LinkSpans().Matches(text).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        bool Allowed(int cut) => cut > 0 && !links.Any(l => l.Index < cut && cut < l.End);

        var cut = CutLadder.Find(text.AsSpan(0, Math.Min(budget, text.Length)), Allowed);
        if (cut > 0)
        {
            return cut;
        }

        // No boundary: cut before the link that straddles the limit, or hard at the limit.
        var straddling = links.FirstOrDefault(l => l.Index < budget && budget < l.End);
        return straddling.End > 0 && straddling.Index > 0 ? straddling.Index : budget;
    }

    /// <summary>The opening line ("```lang") of a code block left open at the end of <paramref name="part"/>, or null.</summary>
    private static string? OpenFence(string part)
    {
        string? open = null;
        var index = 0;
        while ((index = part.IndexOf(Fence, index, StringComparison.Ordinal)) >= 0)
        {
            if (open is null)
            {
                var lineEnd = part.IndexOf('\n', index);
                open = lineEnd < 0 ? Fence : part[index..lineEnd].TrimEnd();
            }
            else
            {
                open = null;
            }

            index += Fence.Length;
        }

        return open;
    }

    [GeneratedRegex(@"\[[^\]\n]*\]\(<?https?://[^\s)>]*>?\)|<https?://[^\s>]+>|https?://\S+")]
    private static partial Regex LinkSpans();
}
