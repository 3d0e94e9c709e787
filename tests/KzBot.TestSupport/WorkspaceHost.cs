using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.TestSupport;

/// <summary>KzBot's real host over a <see cref="TestWorkspace"/> folder, which is deleted with the host.</summary>
public abstract class WorkspaceHost(IHost host, string root) : IAsyncDisposable
{
    public string Root { get; } = root;

    public string SourceDir => Path.Combine(Root, "sources");

    public IServiceProvider Services => host.Services;

    public ICorpusStore Corpus => Services.GetRequiredService<ICorpusStore>();

    public IVectorStore VectorStore => Services.GetRequiredService<IVectorStore>();

    public IConversationLog Log => Services.GetRequiredService<IConversationLog>();

    public DataIngestor Ingestor => Services.GetRequiredService<DataIngestor>();

    public ChatEngine Engine => Services.GetRequiredService<ChatEngine>();

    protected IHost Host => host;

    /// <summary>A message to the engine as a chat user would send it, in a direct chat unless <paramref name="direct"/> is false.</summary>
    public Task<EngineReply> SayAsync(string text, bool isAdmin = false, bool direct = true, string user = "u1", string platform = "test") =>
        Engine.HandleAsync(
            new IncomingMessage { Platform = platform, ChatId = "c1", UserId = user, Text = text, IsAdmin = isAdmin, IsDirect = direct },
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (host is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }

        TestWorkspace.Delete(Root);
        GC.SuppressFinalize(this);
    }
}
