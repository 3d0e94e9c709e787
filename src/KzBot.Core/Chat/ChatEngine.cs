using System.Globalization;
using KzBot.Core.Answering;
using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Core.Sources;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Chat;

/// <summary>
/// The one place that decides what to do with a message: ignore it, run a command, or answer a question.
/// Every platform and the console go through here, so behaviour is the same everywhere.
/// </summary>
public sealed class ChatEngine(
    QuestionAnswerer answerer,
    IRetriever retriever,
    ICorpusStore corpus,
    IConversationLog store,
    CorpusTopic topic,
    ManagedSources managedSources,
    IPendingConfirmations confirmations,
    IUserRateLimiter rateLimiter,
    IEnumerable<IStatsSource> statsSources,
    IOptions<AnsweringOptions> answering,
    IOptions<RetrievalOptions> retrieval,
    TimeProvider time,
    ILogger<ChatEngine> logger)
{
    public async Task<EngineReply> HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var text = InputSanitizer.Clean(message.Text);
        var command = BotCommand.Parse(text);
        if (Ignores(message, text, command))
        {
            return EngineReply.None;
        }

        if (command is null)
        {
            return await AskAsync(message, text, cancellationToken);
        }

        if (CommandCatalogue.Find(command.Name) is not { } known)
        {
            return EngineReply.Say($"I don't know the command /{command.Name}. Try /help.", command.Name, isPrivate: true);
        }

        return known.AdminOnly
            ? await RunAdminAsync(message, known.Name, ct => known.Run(this, message, command.Argument, ct), cancellationToken)
            : await known.Run(this, message, command.Argument, cancellationToken);
    }

    /// <summary>
    /// True when the reply may take seconds (a question, a slow command), so the adapter shows a working signal first;
    /// false for messages the engine ignores and for instant replies such as /help.
    /// </summary>
    public bool ExpectsSlowReply(IncomingMessage message)
    {
        var text = InputSanitizer.Clean(message.Text);
        var command = BotCommand.Parse(text);
        if (Ignores(message, text, command))
        {
            return false;
        }

        return command is null || CommandCatalogue.Find(command.Name)?.IsSlowFor(message.IsAdmin) == true;
    }

    /// <summary>
    /// Stores a 👍 (+1) or 👎 (-1) for an answer; the user's last press wins. False, and nothing stored, when no such
    /// answer exists.
    /// </summary>
    public async Task<bool> RecordFeedbackAsync(string platform, string userId, string answerId, int value, CancellationToken cancellationToken)
    {
        if (await store.GetAnswerAsync(answerId, cancellationToken) is null)
        {
            return false;
        }

        await store.RecordFeedbackAsync(new FeedbackRecord(answerId, platform, userId, Math.Sign(value), time.GetUtcNow()), cancellationToken);
        return true;
    }

    // Who the bot answers: anything addressed to it (private chat, mention, reply, an answer-everything channel), and
    // known commands where the platform delivers them to the bot. Without its text a message that only reaches the bot
    // by a reply or a channel setting is noise (Discord blanks content without the Message Content intent).
    private static bool Ignores(IncomingMessage message, string text, BotCommand? command)
    {
        if (message.IsFromBot)
        {
            return true;
        }

        if (!message.IsAddressedToBot)
        {
            return command is null || message.TextCommandsNeedAddressing || CommandCatalogue.Find(command.Name) is null;
        }

        return !(message.IsDirect || message.MentionsBot) && string.IsNullOrWhiteSpace(text);
    }

    internal async Task<EngineReply> AskAsync(IncomingMessage message, string question, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return EngineReply.Say(HelpText.AskUsage(await topic.WordsAsync(cancellationToken)), "ask");
        }

        var limit = answering.Value.MaxQuestionLength;
        if (question.Length > limit)
        {
            return EngineReply.Say(
                $"That question is {question.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; please keep it under {limit.ToString("N0", CultureInfo.InvariantCulture)} characters.",
                "ask",
                isPrivate: true);
        }

        var decision = await rateLimiter.TryAcquireAsync($"{message.Platform}:{message.UserId}", cancellationToken);
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            return EngineReply.Say($"You're asking faster than I can keep up — please wait {seconds} s and ask again.", "ask", isPrivate: true);
        }

        var answer = await answerer.AnswerAsync(message with { Text = question }, cancellationToken);
        return EngineReply.For(answer);
    }

    // Retrieval again, on the question as asked (a follow-up was answered from its rewritten form): it shows what
    // the sources hold now, so after a reload it explains what the bot would do today.
    internal async Task<string> WhyTextAsync(IncomingMessage message, string argument, CancellationToken cancellationToken)
    {
        var question = argument.Trim();
        if (question.Length == 0)
        {
            var last = await store.GetLatestAnswerAsync(message.Platform, message.ChatId, DateTimeOffset.MinValue, cancellationToken);
            if (last is null)
            {
                return "Nothing has been asked in this chat yet. Usage: /why <question>.";
            }

            question = last.Question;
        }

        var result = await retriever.RetrieveAsync(question, retrieval.Value.TopPassages, cancellationToken);
        return WhyText.Format(question, result);
    }

    internal async Task<string> HelpTextAsync(bool isAdmin, CancellationToken cancellationToken) =>
        HelpText.For(isAdmin, await topic.WordsAsync(cancellationToken));

    internal async Task<string> SourcesTextAsync(string page, CancellationToken cancellationToken)
    {
        var documents = await corpus.ListDocumentsAsync(cancellationToken);
        return SourceListing.Format(documents, await managedSources.ListAsync(cancellationToken), page);
    }

    internal async Task<EngineReply> AddSourceAsync(IncomingMessage message, string argument, CancellationToken cancellationToken)
    {
        var addedBy = $"{message.Platform}:{message.UserId}";
        var what = message.Attachment?.FileName ?? argument.Trim();
        try
        {
            SourceChange change;
            if (message.Attachment is { } file)
            {
                // Refused before the download when it cannot fit: nothing is fetched for nothing.
                await managedSources.CheckRoomAsync(file.Size, cancellationToken);
                var bytes = await file.DownloadAsync(managedSources.MaxSourceBytes, cancellationToken);
                change = await managedSources.AddFileAsync(file.FileName, file.MediaType, bytes, addedBy, cancellationToken);
            }
            else if (string.IsNullOrWhiteSpace(argument))
            {
                return EngineReply.Say("Usage: /add <url> (a web page, PDF, Markdown or text file), or send a file with /add as its caption.", "add", isPrivate: true);
            }
            else
            {
                change = await managedSources.AddUrlAsync(argument, addedBy, cancellationToken);
            }

            return EngineReply.Say(change.Text, "add", isPrivate: true);
        }
        catch (ManagedSourceException ex)
        {
            return EngineReply.Say($"Could not add {PrintableText.Escape(what)}: {ex.Message}.", "add", isPrivate: true) with { Failed = true };
        }
    }

    internal async Task<EngineReply> RemoveSourceAsync(IncomingMessage message, string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            return EngineReply.Say("Usage: /remove <id>; /sources lists the ids.", "remove", isPrivate: true);
        }

        try
        {
            if (parts.Length > 1 && parts[1] is "confirm" or "--yes")
            {
                return EngineReply.Say((await managedSources.RemoveAsync(parts[0], cancellationToken)).Text, "remove", isPrivate: true);
            }

            var described = await managedSources.DescribeForRemovalAsync(parts[0], cancellationToken);
            var token = await confirmations.CreateAsync(message.Platform, message.UserId, "remove", parts[0], cancellationToken);
            return EngineReply.Say(
                $"Remove {described}? Its passages stop being cited. Press Remove within {PendingConfirmations.Lifetime.TotalMinutes:0} minutes, or send /remove {parts[0]} confirm.",
                "remove",
                isPrivate: true) with
            { Confirm = new Confirmation(token, "Remove") };
        }
        catch (ManagedSourceException ex)
        {
            return EngineReply.Say($"Could not remove {PrintableText.Escape(parts[0])}: {ex.Message}.", "remove", isPrivate: true) with { Failed = true };
        }
    }

    internal async Task<EngineReply> RefreshSourceAsync(string argument, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return EngineReply.Say("Usage: /refresh <id>; /sources lists the ids. /reload fetches every URL source again.", "refresh", isPrivate: true);
        }

        try
        {
            return EngineReply.Say((await managedSources.RefreshAsync(argument, cancellationToken)).Text, "refresh", isPrivate: true);
        }
        catch (ManagedSourceException ex)
        {
            return EngineReply.Say($"Could not refresh {PrintableText.Escape(argument.Trim())}: {ex.Message}.", "refresh", isPrivate: true) with { Failed = true };
        }
    }

    /// <summary>
    /// A confirmation button was pressed: runs the action it was made for, if the same admin presses it in time.
    /// Audited like the command itself.
    /// </summary>
    public async Task<EngineReply> ConfirmAsync(IncomingMessage message, string token, CancellationToken cancellationToken)
    {
        var taken = await confirmations.TakeAsync(token, message.Platform, message.UserId, cancellationToken);
        if (taken.Action is not { } action)
        {
            return EngineReply.Say(taken.Refusal!, "confirm", isPrivate: true) with { Failed = true };
        }

        return await RunAdminAsync(message, action.Command, ct => RemoveSourceAsync(message, action.Argument + " confirm", ct), cancellationToken);
    }

    private async Task<EngineReply> RunAdminAsync(
        IncomingMessage message,
        string command,
        Func<CancellationToken, Task<EngineReply>> action,
        CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (!message.IsAdmin)
        {
            await AuditAsync(message, command, allowed: false, "refused: not an admin", at, cancellationToken);
            logger.LogWarning("Refused /{Command} from {Platform} user {UserId}: not an admin", command, message.Platform, message.UserId);
            return EngineReply.Say($"Sorry, /{command} is for the bot's admins only.", command, isPrivate: true);
        }

        EngineReply result;
        try
        {
            result = await action(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Admin command /{Command} failed", command);
            await AuditAsync(message, command, allowed: true, $"failed: {ex.GetType().Name}", at, cancellationToken);
            return EngineReply.Say($"/{command} failed: {ex.Message}", command, isPrivate: true);
        }

        await AuditAsync(message, command, allowed: true, Truncate(result.Text ?? "", 500), at, cancellationToken);
        logger.LogInformation("Admin /{Command} by {Platform} user {UserId}", command, message.Platform, message.UserId);
        return result;
    }

    internal async Task<string> ReloadTextAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return (await managedSources.RefreshAllAndReloadAsync($"/reload from {message.Platform} user {message.UserId}", cancellationToken)).Text;
        }
        catch (ReloadAlreadyRunningException ex)
        {
            return ex.Message;
        }
    }

    internal async Task<string> StatsTextAsync(CancellationToken cancellationToken)
    {
        var s = await store.GetUsageStatisticsAsync(cancellationToken);
        var ci = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(ci, $"Questions: {s.Questions} ({s.Answered} answered, {s.Refused} refused)"),
            string.Create(ci, $"Feedback: 👍 {s.FeedbackUp} · 👎 {s.FeedbackDown}"),
            string.Create(ci, $"Latency: p50 {s.LatencyP50Ms:F1} ms · p95 {s.LatencyP95Ms:F1} ms"),
            string.Create(ci, $"Index: {s.Documents} documents, {s.Chunks} passages"),
            SourceListing.CountsLine(await corpus.ListDocumentsAsync(cancellationToken), await managedSources.ListAsync(cancellationToken)),
        };
        lines.AddRange(statsSources.SelectMany(source => source.StatsLines()));
        return string.Join('\n', lines);
    }

    private Task AuditAsync(IncomingMessage m, string command, bool allowed, string? detail, DateTimeOffset at, CancellationToken ct) =>
        store.RecordAuditAsync(new AuditRecord(at, m.Platform, m.UserId, m.GuildId, m.ChatId, command, allowed, detail), ct);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
