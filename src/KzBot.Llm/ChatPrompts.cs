using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KzBot.Core.Answering;
using KzBot.Core.Retrieval;
using Microsoft.SemanticKernel.ChatCompletion;

namespace KzBot.Llm;

/// <summary>
/// Builds the chat history KzBot sends. Instructions live in the system message (prompts/system.txt); everything
/// that comes from outside — passages, the question, an earlier answer — goes into the user message inside
/// delimiters the system prompt declares to be data, with any copy of those delimiters inside the data defused.
/// </summary>
public sealed partial class ChatPrompts(PromptLibrary prompts)
{
    public ChatHistory GroundedAnswer(string question, IReadOnlyList<RetrievedPassage> passages, string language)
    {
        var block = new StringBuilder();
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            block.Append(CultureInfo.InvariantCulture, $"<passage id=\"{i + 1}\" title=\"{Attribute(p.Title)}\">\n")
                .Append(Data(p.Text.Trim()))
                .Append("\n</passage>\n");
        }

        var user = prompts.GroundedAnswer.Render(new Dictionary<string, string>
        {
            ["passages"] = block.ToString().TrimEnd(),
            ["question"] = "<question>\n" + Data(question.Trim()) + "\n</question>",
            ["language"] = LlmTexts.LanguageName(language),
        });
        return History(user);
    }

    public ChatHistory FollowUpRewrite(string question, ConversationTurn? previous)
    {
        var user = prompts.FollowUpRewrite.Render(new Dictionary<string, string>
        {
            ["previous_question"] = "<previous_question>\n" + Data(previous?.Question ?? "(none)") + "\n</previous_question>",
            ["previous_answer"] = "<previous_answer>\n" + Data(previous?.AnswerText ?? "(none)") + "\n</previous_answer>",
            ["question"] = "<question>\n" + Data(question.Trim()) + "\n</question>",
        });
        return History(user);
    }

    /// <summary>True when a reply quotes a line of the system prompt: a model talked into revealing its instructions.</summary>
    public bool LeaksInstructions(string reply) =>
        prompts.System.Text.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.Length >= MinLeakLength)
            .Any(line => reply.Contains(line[..MinLeakLength], StringComparison.OrdinalIgnoreCase));

    private const int MinLeakLength = 40;

    private ChatHistory History(string user)
    {
        var history = new ChatHistory();
        history.AddSystemMessage(prompts.System.Text);
        history.AddUserMessage(user);
        return history;
    }

    /// <summary>Text that cannot close or open one of our data blocks: "&lt;/passage&gt;" inside a document becomes "&lt;∕passage&gt;".</summary>
    public static string Data(string text) => OurTags().Replace(text, m => m.Value.Replace("/", "∕", StringComparison.Ordinal).Replace("<", "‹", StringComparison.Ordinal));

    private static string Attribute(string text) => Data(text).Replace("\"", "'", StringComparison.Ordinal).Replace('\n', ' ');

    [GeneratedRegex(@"<\s*/?\s*(passage|question|previous_question|previous_answer)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OurTags();
}
