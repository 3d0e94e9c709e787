using KzBot.Core.Chat;
using KzBot.Core.Sources;
using KzBot.Core.Sources.Fetching;
using KzBot.Telegram.Hosting;
using KzBot.Telegram.Sending;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace KzBot.Telegram.Receiving;

/// <summary>
/// A document sent with /add (as its caption, or /add replying to it) as an <see cref="IncomingFile"/>: getFile, then
/// the file endpoint, within the Bot API's 20 MB and the source limit. Only called once the engine has checked that
/// the sender is an admin. The file URL carries the bot token, so errors are described through the redactor.
/// </summary>
internal sealed class DocumentDownload(TelegramSender sender, TokenRedactor redactor, ILogger<DocumentDownload> logger)
{
    /// <summary>The largest file the public Bot API lets a bot download.</summary>
    public const long BotApiLimit = 20 * 1024 * 1024;

    public static Document? DocumentOf(Message message) => message.Document ?? message.ReplyToMessage?.Document;

    public IncomingFile For(Document document) =>
        new(document.FileName ?? "document", document.FileSize, document.MimeType, (max, ct) => DownloadAsync(document, max, ct));

    private async Task<byte[]> DownloadAsync(Document document, long maxBytes, CancellationToken cancellationToken)
    {
        if (document.FileSize > BotApiLimit)
        {
            throw new ManagedSourceException($"Telegram lets bots download files of up to 20 MB, and this one is {document.FileSize:N0} bytes; /add a link to it instead");
        }

        var cap = Math.Min(maxBytes, BotApiLimit);
        if (document.FileSize > cap)
        {
            throw new ManagedSourceException(SafeFetcher.TooLarge(cap));
        }

        using var buffer = new CappedStream(cap);
        try
        {
            await sender.CallAsync(bot => bot.GetInfoAndDownloadFile(document.FileId, buffer, cancellationToken), cancellationToken);
        }
        catch (CappedStream.FullException)
        {
            throw new ManagedSourceException(SafeFetcher.TooLarge(cap));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not download a document from Telegram: {Error}", redactor.Describe(ex));
            throw new ManagedSourceException("Telegram did not hand over the file; try sending it again");
        }

        return buffer.ToArray();
    }

    /// <summary>A memory stream that refuses to grow past its cap, so an oversized download stops as it streams.</summary>
    private sealed class CappedStream(long cap) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Check(count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Check(int count)
        {
            if (Length + count > cap)
            {
                throw new FullException();
            }
        }

        public sealed class FullException : IOException;
    }
}
