using System.Text.Json;
using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Storage;
using KzBot.Discord.Models;
using KzBot.Discord.Rendering;
using KzBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Bot;

/// <summary>
/// Slash commands and buttons. Each interaction is acknowledged exactly once and well inside Discord's 3 s: slow work
/// (questions, admin commands) is deferred first and completed by editing the original response.
/// </summary>
internal sealed class InteractionHandler(
    ChatEngine engine,
    IKnowledgeStore store,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    ILogger<InteractionHandler> logger)
{
    private readonly RecentIds _handled = new(10_000);

    public async Task HandleAsync(Interaction interaction, CancellationToken ct)
    {
        if (!_handled.TryAdd(interaction.Id))
        {
            return;
        }

        try
        {
            switch (interaction.Type)
            {
                case InteractionType.ApplicationCommand:
                    await HandleCommandAsync(interaction, ct);
                    break;
                case InteractionType.MessageComponent:
                    await HandleButtonAsync(interaction, ct);
                    break;
            }
        }
        catch (DiscordApiException ex)
        {
            logger.LogError("Interaction {Interaction} ({Name}) failed: {Reason}", interaction.Id, interaction.Data?.Name ?? interaction.Data?.CustomId, ex.Message);
        }
    }

    private async Task HandleCommandAsync(Interaction interaction, CancellationToken ct)
    {
        var name = interaction.Data?.Name ?? "";
        var command = CommandCatalogue.Find(name);
        var argument = interaction.Data?.Options?.FirstOrDefault(o => o.Name == command?.Argument?.Name)?.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
        var user = interaction.Member?.User ?? interaction.User;
        if (user is null)
        {
            return;
        }

        var isAdmin = IsAdmin(interaction, user.Id);
        var incoming = new IncomingMessage
        {
            Platform = MessageHandler.Platform,
            ChatId = interaction.ChannelId ?? user.Id,
            UserId = user.Id,
            UserName = user.GlobalName ?? user.Username,
            Text = argument is null ? "/" + name : $"/{name} {argument}",
            IsAdmin = isAdmin,
            IsDirect = interaction.GuildId is null,
            // A slash command is always addressed to the bot.
            MentionsBot = true,
            GuildId = interaction.GuildId,
        };

        // Slow commands can take longer than the 3 s deadline, so they are deferred; everything else answers at once.
        if (command?.IsSlowFor(isAdmin) != true)
        {
            var quick = await AskEngineAsync(incoming, ct);
            var parts = AnswerRenderer.Render(quick);
            await rest.RespondToInteractionAsync(interaction.Id, interaction.Token, new InteractionResponse(
                InteractionCallback.ChannelMessage, parts[0] with { Flags = quick.Private ? MessageFlags.Ephemeral : null }), ct);
            await FollowUpAsync(interaction, parts.Skip(1), quick.Private, ct);
            return;
        }

        await rest.RespondToInteractionAsync(interaction.Id, interaction.Token, new InteractionResponse(InteractionCallback.DeferredChannelMessage), ct);
        var reply = await AskEngineAsync(incoming, ct);
        var payloads = AnswerRenderer.Render(reply);
        var appId = interaction.ApplicationId;
        if (reply.Private)
        {
            // The deferral was public; a private reply (rate limit, too long) replaces it with an ephemeral follow-up.
            await rest.DeleteOriginalResponseAsync(appId, interaction.Token, ct);
            await FollowUpAsync(interaction, payloads, ephemeral: true, ct);
            return;
        }

        await rest.EditOriginalResponseAsync(appId, interaction.Token, payloads[0], ct);
        await FollowUpAsync(interaction, payloads.Skip(1), ephemeral: false, ct);
    }

    private async Task HandleButtonAsync(Interaction interaction, CancellationToken ct)
    {
        var id = interaction.Data?.CustomId ?? "";
        var user = interaction.Member?.User ?? interaction.User;
        if (user is null)
        {
            return;
        }

        string? answerId;
        MessagePayload payload;
        if ((answerId = After(id, AnswerRenderer.FeedbackUpPrefix)) is not null || (answerId = After(id, AnswerRenderer.FeedbackDownPrefix)) is not null)
        {
            var up = id.StartsWith(AnswerRenderer.FeedbackUpPrefix, StringComparison.Ordinal);
            await engine.RecordFeedbackAsync(MessageHandler.Platform, user.Id, answerId, up ? 1 : -1, ct);
            payload = new MessagePayload { Content = up ? "Thanks — glad it helped. 👍" : "Thanks — noted, I'll do better. 👎" };
        }
        else if ((answerId = After(id, AnswerRenderer.SourcesPrefix)) is not null)
        {
            payload = await SourcesAsync(answerId, ct);
        }
        else
        {
            return;
        }

        await rest.RespondToInteractionAsync(interaction.Id, interaction.Token, new InteractionResponse(
            InteractionCallback.ChannelMessage, payload with { Flags = MessageFlags.Ephemeral }), ct);
    }

    private async Task<MessagePayload> SourcesAsync(string answerId, CancellationToken ct)
    {
        var record = await store.GetAnswerAsync(answerId, ct);
        var citations = record?.CitationsJson is { } json
            ? JsonSerializer.Deserialize(json, CoreJsonContext.Default.IReadOnlyListCitation) ?? []
            : [];
        return citations.Count == 0
            ? new MessagePayload { Content = "I no longer have the sources of that answer." }
            : new MessagePayload { Content = "The quotes behind this answer:", Embeds = AnswerRenderer.SourceEmbeds(citations) };
    }

    private async Task<EngineReply> AskEngineAsync(IncomingMessage incoming, CancellationToken ct)
    {
        try
        {
            var reply = await engine.HandleAsync(incoming, ct);
            return reply.Kind == ReplyKind.None ? EngineReply.Say("I don't know that command. Try /help.", isPrivate: true) : reply;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Answering an interaction failed");
            return EngineReply.Say("Sorry, something went wrong while answering. Please try again in a moment.", isPrivate: true);
        }
    }

    private async Task FollowUpAsync(Interaction interaction, IEnumerable<MessagePayload> parts, bool ephemeral, CancellationToken ct)
    {
        foreach (var part in parts)
        {
            await rest.CreateFollowupAsync(interaction.ApplicationId, interaction.Token, part with { Flags = ephemeral ? MessageFlags.Ephemeral : null }, ct);
        }
    }

    /// <summary>Admin from Discord's own view (the member's permissions in this channel) or from configuration — never from the command's visibility.</summary>
    private bool IsAdmin(Interaction interaction, string userId) =>
        options.Value.AdminUserIds.Contains(userId) ||
        (interaction.Member?.Permissions is { } p && Permissions.CanManageGuild(Permissions.Parse(p)));

    private static string? After(string id, string prefix) => id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length ? id[prefix.Length..] : null;
}
