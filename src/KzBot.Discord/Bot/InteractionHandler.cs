using System.Text.Json;
using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Coordination;
using KzBot.Core.Sources.Fetching;
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
    ChatTurn turn,
    ChatEngine engine,
    SafeFetcher fetcher,
    IConversationLog store,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    ILogger<InteractionHandler> logger)
{
    private readonly RecentIds _handled = new(10_000);

    private DiscordRestClient Rest => rest;

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
            Attachment = command?.AcceptsFile == true ? AttachmentOf(interaction) : null,
        };

        await turn.RunAsync(incoming, new InteractionReply(this, interaction), ct);
    }

    // The attachment is on Discord's CDN; it is fetched with the same guards as any URL, once the engine has checked
    // that the sender is an admin.
    private IncomingFile? AttachmentOf(Interaction interaction)
    {
        var id = interaction.Data?.Options?.FirstOrDefault(o => o.Name == SlashCommands.FileOption)?.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
        if (id is null || interaction.Data?.Resolved?.Attachments?.GetValueOrDefault(id) is not { } attachment)
        {
            return null;
        }

        return new IncomingFile(attachment.Filename, attachment.Size, attachment.ContentType, async (max, ct) =>
            (await fetcher.FetchAsync(attachment.Url, max, null, ct, obeyRobots: false)).Body);
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
            payload = new MessagePayload { Content = (await turn.FeedbackAsync(MessageHandler.Platform, user.Id, answerId, up ? 1 : -1, ct)).Text };
        }
        else if ((answerId = After(id, AnswerRenderer.SourcesPrefix)) is not null)
        {
            payload = await SourcesAsync(answerId, ct);
        }
        else if (After(id, AnswerRenderer.ConfirmPrefix) is { } token)
        {
            var confirmer = new IncomingMessage
            {
                Platform = MessageHandler.Platform,
                ChatId = interaction.ChannelId ?? user.Id,
                UserId = user.Id,
                UserName = user.GlobalName ?? user.Username,
                Text = "",
                IsAdmin = IsAdmin(interaction, user.Id),
                GuildId = interaction.GuildId,
            };
            payload = AnswerRenderer.Render(await engine.ConfirmAsync(confirmer, token, ct))[0];
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

    private async Task<List<string>> FollowUpAsync(Interaction interaction, IEnumerable<MessagePayload> parts, bool ephemeral, CancellationToken ct)
    {
        var sent = new List<string>();
        foreach (var part in parts)
        {
            sent.Add((await rest.CreateFollowupAsync(interaction.ApplicationId, interaction.Token, part with { Flags = ephemeral ? MessageFlags.Ephemeral : null }, ct)).Id);
        }

        return sent;
    }

    /// <summary>Admin from Discord's own view (the member's permissions in this channel) or from configuration — never from the command's visibility.</summary>
    private bool IsAdmin(Interaction interaction, string userId) =>
        options.Value.AdminUserIds.Contains(userId) ||
        (interaction.Member?.Permissions is { } p && Permissions.CanManageGuild(Permissions.Parse(p)));

    private static string? After(string id, string prefix) => id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length ? id[prefix.Length..] : null;

    /// <summary>
    /// Discord's 3 s deadline: a slow reply is deferred first (the working signal) and completed by editing the original
    /// response; a quick one is the response itself.
    /// </summary>
    private sealed class InteractionReply(InteractionHandler handler, Interaction interaction) : IReplyTarget
    {
        private bool _deferred;

        public async Task<IAsyncDisposable> ShowWorkingAsync(CancellationToken cancellationToken)
        {
            await handler.Rest.RespondToInteractionAsync(interaction.Id, interaction.Token, new InteractionResponse(InteractionCallback.DeferredChannelMessage), cancellationToken);
            _deferred = true;
            return NoSignal.Instance;
        }

        public async Task<IReadOnlyList<string>> SendAsync(EngineReply reply, CancellationToken cancellationToken)
        {
            var rest = handler.Rest;
            var payloads = AnswerRenderer.Render(reply);
            if (!_deferred)
            {
                await rest.RespondToInteractionAsync(interaction.Id, interaction.Token, new InteractionResponse(
                    InteractionCallback.ChannelMessage, payloads[0] with { Flags = reply.Private ? MessageFlags.Ephemeral : null }), cancellationToken);
                return await handler.FollowUpAsync(interaction, payloads.Skip(1), reply.Private, cancellationToken);
            }

            if (reply.Private)
            {
                // The deferral was public; a private reply (rate limit, too long) replaces it with an ephemeral follow-up.
                await rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, cancellationToken);
                return await handler.FollowUpAsync(interaction, payloads, ephemeral: true, cancellationToken);
            }

            await rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, payloads[0], cancellationToken);
            return await handler.FollowUpAsync(interaction, payloads.Skip(1), ephemeral: false, cancellationToken);
        }
    }

    private sealed class NoSignal : IAsyncDisposable
    {
        public static readonly NoSignal Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
