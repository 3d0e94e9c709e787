namespace KzBot.Core.Sources.Fetching;

/// <summary>
/// The robots.txt rules that apply to one user agent: the group naming its product token, else the "*" group;
/// the longest matching Allow/Disallow path wins, Allow on a tie (RFC 9309). Wildcards "*" and "$" are honoured.
/// </summary>
public sealed class RobotsRules
{
    private readonly List<(bool Allow, string Pattern)> _rules;

    private RobotsRules(List<(bool Allow, string Pattern)> rules) => _rules = rules;

    public static RobotsRules AllowAll { get; } = new([]);

    public static RobotsRules Parse(string text, string userAgent)
    {
        var token = userAgent.Split('/', ' ')[0].ToLowerInvariant();
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules)>();
        (List<string> Agents, List<(bool, string)> Rules)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (current is null || !lastWasAgent)
                {
                    current = ([], []);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is not null && key is "allow" or "disallow" && value.Length > 0)
            {
                current.Value.Rules.Add((key == "allow", value));
            }
        }

        var mine = groups.Where(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))).SelectMany(g => g.Rules).ToList();
        if (mine.Count == 0 && !groups.Any(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))))
        {
            mine = groups.Where(g => g.Agents.Contains("*")).SelectMany(g => g.Rules).ToList();
        }

        return new RobotsRules(mine);
    }

    public bool Allows(Uri url)
    {
        var path = url.PathAndQuery;
        (bool Allow, int Length)? best = null;
        foreach (var (allow, pattern) in _rules)
        {
            if (Matches(pattern, path) && (best is null || pattern.Length > best.Value.Length || (pattern.Length == best.Value.Length && allow)))
            {
                best = (allow, pattern.Length);
            }
        }

        return best?.Allow ?? true;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var found = path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return !anchored || at == path.Length || (parts.Length > 1 && parts[^1].Length == 0) || path.EndsWith(parts[^1], StringComparison.Ordinal);
    }
}
