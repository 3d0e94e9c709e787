using KzBot.Core.Answering;

namespace KzBot.Core.Chat;

public enum ReplyKind
{
    /// <summary>Say nothing: not addressed to the bot, or sent by a bot.</summary>
    None,

    /// <summary>Plain informational text (help, sources list, reload report, refusals of commands).</summary>
    Text,

    /// <summary>An answer to a question, with citations.</summary>
    Answer,
}

/// <summary>What the engine wants said back. Adapters render it in the platform's own format.</summary>
/// <param name="Kind">What kind of reply this is.</param>
/// <param name="Text">For <see cref="ReplyKind.Text"/>: the message, plain text (adapters escape it).</param>
/// <param name="Answer">For <see cref="ReplyKind.Answer"/>: the answer.</param>
/// <param name="Private">True when the reply should be seen only by the asker where the platform allows (Discord ephemeral).</param>
/// <param name="Command">The command that produced the reply, if any ("ask", "help", "reload"…).</param>
public sealed record EngineReply(ReplyKind Kind, string? Text = null, Answer? Answer = null, bool Private = false, string? Command = null)
{
    public static readonly EngineReply None = new(ReplyKind.None);

    /// <summary>A button the platform shows under the text; pressing it confirms the action (see <see cref="ChatEngine.ConfirmAsync"/>).</summary>
    public Confirmation? Confirm { get; init; }

    /// <summary>The command was refused or failed (the CLI exits with 1); the text says why.</summary>
    public bool Failed { get; init; }

    public static EngineReply Say(string text, string? command = null, bool isPrivate = false) => new(ReplyKind.Text, text, Private: isPrivate, Command: command);

    public static EngineReply For(Answer answer) => new(ReplyKind.Answer, Answer: answer, Command: "ask");
}
