using System.Text.Json.Nodes;

namespace KzBot.Telegram.Tests.Fakes;

/// <summary>Builds Bot API update payloads the way Telegram shapes them.</summary>
public static class Tg
{
    private static int _messageIds = 1;

    public static JsonObject User(long id, string name = "Alice") => new()
    {
        ["id"] = id,
        ["is_bot"] = false,
        ["first_name"] = name,
        ["username"] = name.ToLowerInvariant(),
    };

    /// <summary>A text message in a private chat (chat id = user id).</summary>
    public static JsonObject Private(long userId, string text) => Message(userId, "private", userId, text);

    /// <summary>A text message in a supergroup.</summary>
    public static JsonObject Group(long chatId, long userId, string text, JsonObject? replyTo = null)
    {
        var message = Message(chatId, "supergroup", userId, text);
        if (replyTo is not null)
        {
            message["reply_to_message"] = replyTo;
        }

        return message;
    }

    /// <summary>A message the bot sent earlier, as Telegram embeds it in reply_to_message (with its keyboard).</summary>
    public static JsonObject FromBot(long chatId, int messageId, string text, JsonNode? replyMarkup = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["date"] = 1_700_000_000,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
            ["from"] = new JsonObject { ["id"] = FakeBotApi.BotId, ["is_bot"] = true, ["first_name"] = "KzBot", ["username"] = FakeBotApi.BotUsername },
            ["text"] = text,
        };
        if (replyMarkup is not null)
        {
            message["reply_markup"] = replyMarkup.DeepClone();
        }

        return message;
    }

    /// <summary>A document sent with a caption (Telegram marks a command in the caption with caption_entities).</summary>
    public static JsonObject Document(long chatId, long userId, string fileId, string fileName, long size, string? caption)
    {
        var message = Message(chatId, chatId == userId ? "private" : "supergroup", userId, caption ?? "");
        message.Remove("text");
        if (message.Remove("entities", out var entities))
        {
            message["caption_entities"] = entities;
        }

        if (caption is not null)
        {
            message["caption"] = caption;
        }

        message["document"] = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_name"] = fileName, ["mime_type"] = "text/plain", ["file_size"] = size };
        return message;
    }

    public static JsonObject Callback(long userId, string data, long chatId, int messageId) => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = "cbq" + Interlocked.Increment(ref _messageIds),
            ["from"] = User(userId),
            ["chat_instance"] = "ci" + chatId,
            ["data"] = data,
            ["message"] = FromBot(chatId, messageId, "answer"),
        },
    };

    private static JsonObject Message(long chatId, string type, long userId, string text)
    {
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _messageIds),
            ["date"] = 1_700_000_000,
            ["chat"] = type == "private"
                ? new JsonObject { ["id"] = chatId, ["type"] = type, ["first_name"] = "Alice" }
                : new JsonObject { ["id"] = chatId, ["type"] = type, ["title"] = "Steppe politics" },
            ["from"] = User(userId),
            ["text"] = text,
        };

        // Telegram marks commands and @mentions with entities (offsets in UTF-16 code units, like .NET strings).
        var entities = new JsonArray();
        if (text.StartsWith('/'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            entities.Add(new JsonObject { ["offset"] = 0, ["length"] = end < 0 ? text.Length : end, ["type"] = "bot_command" });
        }

        var mention = text.IndexOf("@" + FakeBotApi.BotUsername, StringComparison.Ordinal);
        if (mention >= 0 && !text.StartsWith('/'))
        {
            entities.Add(new JsonObject { ["offset"] = mention, ["length"] = FakeBotApi.BotUsername.Length + 1, ["type"] = "mention" });
        }

        if (entities.Count > 0)
        {
            message["entities"] = entities;
        }

        return message;
    }
}
