using KzBot.Core.Chat;
using KzBot.Discord.Models;
using KzBot.Discord.Rendering;
using KzBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Discord.Bot;

/// <summary>
/// MESSAGE_CREATE → the engine → a reply. Answers DMs, mentions of the bot or its managed role, replies to the bot's
/// messages and every message in the configured channels; ignores bots, webhooks, itself and everything else.
/// </summary>
internal sealed class MessageHandler(
    ChatEngine engine,
    DiscordRestClient rest,
    DiscordBotState state,
    TypingIndicator typing,
    IOptions<DiscordOptions> options,
    ILogger<MessageHandler> logger)
{
    public const string Platform = "discord";

    private readonly RecentIds _handled = new(10_000);
    private readonly SentAnswers _answers = new(10_000);

    public async Task HandleAsync(DiscordMessage message, CancellationToken ct)
    {
        var incoming = ToIncoming(message);
        if (incoming is null || !_handled.TryAdd(message.Id))
        {
            return;
        }

        EngineReply reply;
        await using (typing.Start(message.ChannelId))
        {
            try
            {
                reply = await engine.HandleAsync(incoming, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Answering message {Message} failed", message.Id);
                reply = EngineReply.Say("Sorry, something went wrong while answering. Please try again in a moment.");
            }
        }

        if (reply.Kind == ReplyKind.None)
        {
            return;
        }

        await SendAsync(message, reply, ct);
    }

    internal IncomingMessage? ToIncoming(DiscordMessage message)
    {
        var self = state.SelfUserId;
        var author = message.Author;
        // Only ordinary messages and replies; joins, pins and other system messages are not questions.
        if (self is null || author is null || author.Id == self || author.Bot == true || message.WebhookId is not null || message.Type is not (0 or 19))
        {
            return null;
        }

        var content = message.Content ?? "";
        var isDirect = message.GuildId is null;
        var roleId = message.GuildId is { } g ? state.ManagedRoleId(g) : null;
        var mentions = message.Mentions.Any(u => u.Id == self) || (roleId is not null && message.MentionRoles.Contains(roleId)) ||
            MentionText.Mentions(content, self, roleId);
        var repliesToBot = message.ReferencedMessage?.Author?.Id == self;
        var answersAll = options.Value.AnswerAllChannelIds.Contains(message.ChannelId);
        if (!(isDirect || mentions || repliesToBot || answersAll))
        {
            // Guild chatter that is not for us: stay quiet, whatever it says.
            return null;
        }

        if (!(isDirect || mentions) && string.IsNullOrWhiteSpace(content))
        {
            // Without the Message Content intent Discord blanks other guild messages; answering "ask me something"
            // to each of them would be noise.
            return null;
        }

        return new IncomingMessage
        {
            Platform = Platform,
            ChatId = message.ChannelId,
            UserId = author.Id,
            UserName = author.GlobalName ?? author.Username,
            Text = MentionText.Strip(content, self, roleId),
            IsAdmin = IsAdmin(message),
            IsDirect = isDirect,
            MentionsBot = mentions,
            RepliesToBot = repliesToBot,
            ChannelAnswersAll = answersAll,
            ReplyToAnswerId = repliesToBot ? _answers.Find(message.ReferencedMessage?.Id) : null,
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

    private async Task SendAsync(DiscordMessage message, EngineReply reply, CancellationToken ct)
    {
        var payloads = AnswerRenderer.Render(reply);
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
                var sent = await rest.CreateMessageAsync(message.ChannelId, payload, ct);
                if (reply.Answer is { } answer)
                {
                    _answers.Add(sent.Id, answer.Id);
                }
            }
            catch (DiscordApiException ex)
            {
                logger.LogError("Could not send the reply to message {Message} in channel {Channel}: {Reason}", message.Id, message.ChannelId, ex.Message);
                return;
            }
        }
    }

    // At most 25 characters: the message id (≤ 20 digits) and the part number.
    private static string Nonce(string messageId, int part) => $"{messageId}.{part}";
}
