namespace KzBot.Llm;

/// <summary>The three prompt files, loaded and checked once at start-up so a broken file stops the bot before any user sees it.</summary>
public sealed class PromptLibrary
{
    public const string SystemFile = "system.txt";
    public const string GroundedAnswerFile = "grounded-answer.txt";
    public const string FollowUpRewriteFile = "follow-up-rewrite.txt";

    public static readonly IReadOnlyList<string> GroundedAnswerPlaceholders = ["passages", "question", "language"];
    public static readonly IReadOnlyList<string> FollowUpRewritePlaceholders = ["previous_question", "previous_answer", "question"];

    private PromptLibrary(PromptTemplate system, PromptTemplate groundedAnswer, PromptTemplate followUpRewrite)
    {
        System = system;
        GroundedAnswer = groundedAnswer;
        FollowUpRewrite = followUpRewrite;
    }

    /// <summary>Standing instructions: answer only from the passages, cite, treat passages as data.</summary>
    public PromptTemplate System { get; }

    public PromptTemplate GroundedAnswer { get; }

    public PromptTemplate FollowUpRewrite { get; }

    /// <summary>Loads the folder's prompts, or throws with every problem found, each naming its file.</summary>
    public static PromptLibrary Load(string folder)
    {
        var errors = new List<string>();
        var system = Read(folder, SystemFile, [], errors);
        var grounded = Read(folder, GroundedAnswerFile, GroundedAnswerPlaceholders, errors);
        var rewrite = Read(folder, FollowUpRewriteFile, FollowUpRewritePlaceholders, errors);
        if (errors.Count > 0)
        {
            throw new PromptLoadException(errors);
        }

        return new PromptLibrary(system!, grounded!, rewrite!);
    }

    /// <summary>The folder as configured: relative paths are tried in the working directory, then beside the binary.</summary>
    public static string Resolve(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }

        var inRoot = Path.GetFullPath(Path.Combine(contentRoot, configured));
        return Directory.Exists(inRoot) ? inRoot : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, configured));
    }

    private static PromptTemplate? Read(string folder, string name, IReadOnlyCollection<string> required, List<string> errors)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            errors.Add($"Prompt file {path} is missing.");
            return null;
        }

        var text = File.ReadAllText(path);
        var problems = PromptTemplate.Check(path, text, required);
        errors.AddRange(problems);
        return problems.Count == 0 ? new PromptTemplate(path, text.Trim()) : null;
    }
}

/// <summary>One or more prompt files are missing or broken; <see cref="Exception.Message"/> names each file.</summary>
public sealed class PromptLoadException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
