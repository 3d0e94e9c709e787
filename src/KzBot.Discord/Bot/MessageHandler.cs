using KzBot.Core.Chat;
using KzBot.Core.Coordination;
using KzBot.Discord.Models;
using KzBot.Discord.Rendering;
using KzBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Bot;

/// <summary>
/// MESSAGE_CREATE → <see cref="IncomingMessage"/> facts → the <see cref="ChatTurn"/>, which decides whether to answer;
/// this class only says how Discord shows typing and sends a reply. System messages (joins, pins) are not chat.
/// </summary>
internal sealed class MessageHandler(
    ChatTurn turn,
    DiscordRestClient rest,
    DiscordBotState state,
    TypingIndicator typing,
    IOptions<DiscordOptions> options,
    ILogger<MessageHandler> logger)
{
    public const string Platform = "discord";

    private readonly RecentIds _handled = new(10_000);

    private TypingIndicator Typing => typing;

    public async Task HandleAsync(DiscordMessage message, CancellationToken ct)
    {
        var incoming = ToIncoming(message);
        if (incoming is null || !_handled.TryAdd(message.Id))
        {
            return;
        }

        await turn.RunAsync(incoming, new ChannelReply(this, message), ct);
    }

    internal IncomingMessage? ToIncoming(DiscordMessage message)
    {
        var self = state.SelfUserId;
        var author = message.Author;
        // Only ordinary messages and replies; joins, pins and other system messages are not questions.
        if (self is null || author is null || message.Type is not (0 or 19))
        {
            return null;
        }

        var content = message.Content ?? "";
        var roleId = message.GuildId is { } g ? state.ManagedRoleId(g) : null;
        var mentions = message.Mentions.Any(u => u.Id == self) || (roleId is not null && message.MentionRoles.Contains(roleId)) ||
            MentionText.Mentions(content, self, roleId);
        var repliesToBot = message.ReferencedMessage?.Author?.Id == self;
        return new IncomingMessage
        {
            Platform = Platform,
            ChatId = message.ChannelId,
            UserId = author.Id,
            UserName = author.GlobalName ?? author.Username,
            Text = MentionText.Strip(content, self, roleId),
            IsAdmin = IsAdmin(message),
            IsFromBot = author.Id == self || author.Bot == true || message.WebhookId is not null,
            IsDirect = message.GuildId is null,
            MentionsBot = mentions,
            RepliesToBot = repliesToBot,
            ReplyToMessageId = repliesToBot ? message.ReferencedMessage?.Id : null,
            ChannelAnswersAll = options.Value.AnswerAllChannelIds.Contains(message.ChannelId),
            TextCommandsNeedAddressing = true,
            GuildId = message.GuildId,
        };
    }

    private bool IsAdmin(DiscordMessage message)
    {
        var userId = message.Author!.Id;
        if (options.Value.AdminUserIds.Contains(userId))
        {
            return true;
        }

        return message.GuildId is { } guild && message.Member is { } member &&
            state.GuildPermissions(guild, userId, member.Roles) is { } permissions && Permissions.CanManageGuild(permissions);
    }

    private async Task<IReadOnlyList<string>> SendAsync(DiscordMessage message, EngineReply reply, CancellationToken ct)
    {
        var payloads = AnswerRenderer.Render(reply);
        var sent = new List<string>(payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i] with
            {
                // The first part replies to the question (without pinging the asker); the rest follow it.
                MessageReference = i == 0 ? new MessageReference { MessageId = message.Id, FailIfNotExists = false } : null,
                // With enforce_nonce Discord drops a duplicate create within minutes, so a repeated send cannot post twice.
                Nonce = Nonce(message.Id, i),
                EnforceNonce = true,
            };
            try
            {
                sent.Add((await rest.CreateMessageAsync(message.ChannelId, payload, ct)).Id);
            }
            catch (DiscordApiException ex)
            {
                logger.LogError("Could not send the reply to message {Message} in channel {Channel}: {Reason}", message.Id, message.ChannelId, ex.Message);
                break;
            }
        }

        return sent;
    }

    // At most 25 characters: the message id (≤ 20 digits) and the part number.
    private static string Nonce(string messageId, int part) => $"{messageId}.{part}";

    private sealed class ChannelReply(MessageHandler handler, DiscordMessage message) : IReplyTarget
    {
        public Task<IAsyncDisposable> ShowWorkingAsync(CancellationToken cancellationToken) =>
            Task.FromResult(handler.Typing.Start(message.ChannelId));

        public Task<IReadOnlyList<string>> SendAsync(EngineReply reply, CancellationToken cancellationToken) =>
            handler.SendAsync(message, reply, cancellationToken);
    }
}
