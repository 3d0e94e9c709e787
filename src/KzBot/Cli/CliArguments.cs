namespace KzBot.Cli;

/// <summary>The verb, its own arguments, and the options every verb understands (--sources, --data, --help).</summary>
/// <param name="Sources">Folders given with --sources: they replace the configured list for this run.</param>
/// <param name="Values">Options that take a value (<see cref="ValueOptions"/>), each with every value given, in order.</param>
internal sealed record CliArguments(
    string Verb,
    IReadOnlyList<string> Positional,
    IReadOnlySet<string> Flags,
    IReadOnlyDictionary<string, string?> Overrides,
    IReadOnlyList<string> HostArgs,
    IReadOnlyList<string> Sources,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    private static readonly HashSet<string> Verbs = ["ask", "index", "check", "sources", "add", "remove", "refresh", "chat", "eval", "migrate", "serve", "help"];
    private static readonly HashSet<string> KnownFlags = ["--json", "--help", "-h", "--no-record", "--rebuild", "--force", "--baseline", "--summary-only", "--features", "--yes"];

    /// <summary>The eval verb's quality bars; each takes a value.</summary>
    private static readonly HashSet<string> EvalOptions = new(StringComparer.Ordinal) { "--min-answered", "--min-refused", "--min" };

    /// <summary>The migrate verb's engines; each takes a value.</summary>
    private static readonly HashSet<string> MigrateOptions = new(StringComparer.Ordinal) { "--from", "--to" };

    /// <summary>Options that take a value, each belonging to one verb.</summary>
    public static readonly IReadOnlySet<string> ValueOptions = new HashSet<string>(EvalOptions.Concat(MigrateOptions), StringComparer.Ordinal);

    public bool Help => Flags.Contains("--help") || Flags.Contains("-h");

    public static CliArguments Parse(string[] args)
    {
        var verb = "serve";
        var start = 0;
        if (args.Length > 0 && Verbs.Contains(args[0]))
        {
            verb = args[0];
            start = 1;
        }
        else if (args.Length > 0 && args[0] is "--help" or "-h")
        {
            verb = "help";
            start = 1;
        }
        else if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            throw new CliUsageException($"Unknown command '{args[0]}'. Commands: ask, index, check, sources, add, remove, refresh, chat, eval, migrate, serve. Try --help.");
        }

        var positional = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var hostArgs = new List<string>();
        var sources = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = start; i < args.Length; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--sources":
                    sources.Add(Value(args, ref i, a, "a folder"));
                    break;
                case "--data":
                    overrides["Storage:Path"] = Path.Combine(Value(args, ref i, a, "a folder"), "kzbot.db");
                    break;
                case var option when ValueOptions.Contains(option):
                    var value = Value(args, ref i, a, "a value");
                    if (!values.TryGetValue(option, out var list))
                    {
                        values[option] = list = [];
                    }

                    list.Add(value);
                    break;
                case "-":
                    positional.Add(a);
                    break;
                case "--":
                    positional.AddRange(args[(i + 1)..]);
                    i = args.Length;
                    break;
                default:
                    if (KnownFlags.Contains(a))
                    {
                        flags.Add(a);
                    }
                    else if (a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal))
                    {
                        // Configuration overrides in the host's own syntax: --Retrieval:TopPassages=8
                        hostArgs.Add(a);
                    }
                    else if (a.StartsWith('-') && a.Length > 1)
                    {
                        throw new CliUsageException($"Unknown option '{a}'. Try {verb} --help.");
                    }
                    else
                    {
                        positional.Add(a);
                    }

                    break;
            }
        }

        if (flags.Contains("--rebuild") && verb != "index")
        {
            throw new CliUsageException("--rebuild belongs to the index command: index --rebuild.");
        }

        foreach (var option in values.Keys)
        {
            var owner = EvalOptions.Contains(option) ? "eval" : "migrate";
            if (verb != owner)
            {
                throw new CliUsageException($"{option} applies only to {owner}. Try {verb} --help.");
            }
        }

        return new CliArguments(verb, positional, flags, overrides, hostArgs, sources,
            values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.Ordinal));
    }

    private static string Value(string[] args, ref int i, string name, string what)
    {
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CliUsageException($"{name} needs {what} after it.");
        }

        return args[++i];
    }
}

internal sealed class CliUsageException(string message) : Exception(message);
