using System.Text;
using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Ingestion;

namespace KzBot.Cli;

/// <summary>Answers as people read them in a terminal: the text with [n] markers, then the numbered sources with their quotes.</summary>
internal static class ConsoleRenderer
{
    public static string Render(EngineReply reply) => reply.Kind switch
    {
        ReplyKind.Answer => Render(reply.Answer!),
        ReplyKind.Text => reply.Text ?? "",
        _ => "",
    };

    public static string Render(Answer answer)
    {
        var sb = new StringBuilder(answer.Text);
        if (answer.Note is { Length: > 0 } note)
        {
            sb.Append("\n\n").Append(note);
        }

        if (answer.Sources.Count > 0)
        {
            sb.Append("\n\nSources:");
            foreach (var c in answer.Sources)
            {
                sb.Append("\n[").Append(c.N).Append("] ").Append(c.Title).Append(" — ").Append(c.Source);
                if (c.Url is { } url)
                {
                    sb.Append(" <").Append(url).Append('>');
                }

                sb.Append("\n    “").Append(TextDecoding.CollapseWhitespace(c.Quote)).Append('”');
            }
        }

        return sb.ToString();
    }
}
