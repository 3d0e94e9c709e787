using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using KzBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Sources.Fetching;

/// <summary>
/// Fetches a URL an admin gave as if it were hostile: http(s) only, every hop's addresses checked before connecting
/// and the connection made to exactly those addresses (no second lookup), redirects followed by hand, one time limit
/// for the whole download, a byte cap while streaming, and only content the readers know.
/// </summary>
public sealed class SafeFetcher(
    IHttpClientFactory httpClients,
    IHostResolver resolver,
    IOptions<ManagedSourcesOptions> options,
    TimeProvider time,
    ILogger<SafeFetcher> logger)
{
    public const string ClientName = "KzBot.Sources";
    private const int MaxRedirects = 5;

    /// <summary>The addresses a request may connect to, checked before it was sent; read by <see cref="ConnectAsync"/>.</summary>
    private static readonly HttpRequestOptionsKey<IReadOnlyList<IPAddress>> CheckedAddresses = new("KzBot.CheckedAddresses");

    private ManagedSourcesOptions Options => options.Value;

    /// <summary>The handler the named client uses: no automatic redirects, no proxy, no cookies, and our own connect.</summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = connectTimeout,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Fetches <paramref name="url"/> (up to <paramref name="maxBytes"/>); conditional when <paramref name="validators"/> are given.</summary>
    /// <param name="obeyRobots">False for a file someone uploaded to a platform's CDN: the bot is not crawling a site then.</param>
    public async Task<FetchResult> FetchAsync(string url, long maxBytes, FetchValidators? validators, CancellationToken cancellationToken, bool obeyRobots = true)
    {
        if (!WebLink.TryParse(url, out var current))
        {
            throw new SourceFetchException("that is not an http:// or https:// address");
        }

        using var deadline = new CancellationTokenSource(Options.FetchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var robots = new Dictionary<string, RobotsRules>(StringComparer.OrdinalIgnoreCase);
            for (var hop = 0; ; hop++)
            {
                var addresses = await CheckAsync(current, linked.Token);
                if (obeyRobots && Options.RespectRobotsTxt && !(await RobotsForAsync(current, robots, linked.Token)).Allows(current))
                {
                    throw new SourceFetchException($"{current.Host}'s robots.txt does not allow fetching {current.AbsolutePath} (Sources:RespectRobotsTxt can be turned off for your own site)");
                }

                using var request = Request(current, addresses, validators);
                using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (IsRedirect(response.StatusCode))
                {
                    if (hop == MaxRedirects)
                    {
                        throw new SourceFetchException($"more than {MaxRedirects} redirects");
                    }

                    current = NextHop(current, response.Headers.Location);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified && validators is not null)
                {
                    return new FetchResult(current, true, [], SourceKind.Text, "", validators);
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new SourceFetchException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                var body = await ReadCappedAsync(response, maxBytes, linked.Token);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var kind = ContentSniffer.Detect(mediaType, body, current.AbsolutePath);
                var newValidators = new FetchValidators(
                    response.Headers.ETag?.ToString(),
                    response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture));
                return new FetchResult(current, false, body, kind, mediaType ?? "", newValidators);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceFetchException($"the download took longer than {Options.FetchTimeout.TotalSeconds:0} s (Sources:FetchTimeout)");
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation("Fetching {Host} failed: {Error}", current.Host, ex.Message);
            throw new SourceFetchException($"could not fetch it: {ex.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "the connection failed",
                HttpRequestError.NameResolutionError => "the host name does not resolve",
                HttpRequestError.SecureConnectionError => "the secure connection failed",
                _ => ex.Message,
            }}", ex);
        }
    }

    /// <summary>
    /// The addresses <paramref name="url"/> may be fetched from: its host resolved (or read as an IP in any spelling),
    /// each address public unless the host is in <c>Sources:AllowedHosts</c>.
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = url.IdnHost.Trim('[', ']');
        var allowed = Options.AllowedHosts.Any(a => string.Equals(a.Trim('[', ']'), host, StringComparison.OrdinalIgnoreCase));
        var isLiteral = HostAddress.TryParse(host, out var literal);
        IReadOnlyList<IPAddress> addresses;
        if (isLiteral)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                addresses = [];
            }
        }

        if (addresses.Count == 0)
        {
            throw new SourceFetchException($"the host {host} does not resolve");
        }

        foreach (var address in addresses.Where(_ => !allowed))
        {
            if (AddressPolicy.Refusal(address) is { } kind)
            {
                var what = isLiteral ? $"{address} is" : $"{host} resolves to {address}, which is";
                throw new SourceFetchException(
                    $"{what} {kind} address; only public addresses are fetched (the server's admin can list a host in Sources:AllowedHosts)");
            }
        }

        return addresses;
    }

    private HttpClient Client()
    {
        var client = httpClients.CreateClient(ClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private HttpRequestMessage Request(Uri url, IReadOnlyList<IPAddress> addresses, FetchValidators? validators)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(CheckedAddresses, addresses);
        request.Headers.UserAgent.ParseAdd(Options.UserAgent);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/pdf,text/markdown,text/plain;q=0.9,*/*;q=0.1");
        if (validators?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (validators?.LastModified is { } lastModified && DateTimeOffset.TryParse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        return request;
    }

    private async Task<RobotsRules> RobotsForAsync(Uri url, Dictionary<string, RobotsRules> cache, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (cache.TryGetValue(origin, out var known))
        {
            return known;
        }

        var rules = RobotsRules.AllowAll;
        var robotsUrl = new Uri(origin + "/robots.txt");
        using var request = Request(robotsUrl, await CheckAsync(robotsUrl, cancellationToken), null);
        using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var body = await ReadCappedAsync(response, 512 * 1024, cancellationToken);
            rules = RobotsRules.Parse(System.Text.Encoding.UTF8.GetString(body), Options.UserAgent);
        }

        cache[origin] = rules;
        return rules;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static Uri NextHop(Uri from, Uri? location)
    {
        if (location is null)
        {
            throw new SourceFetchException("a redirect without a Location");
        }

        var next = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (!WebLink.TryParse(next.ToString(), out var checkedNext))
        {
            throw new SourceFetchException($"a redirect to {next.Scheme}:, which is not http(s)");
        }

        if (from.Scheme == Uri.UriSchemeHttps && checkedNext.Scheme == Uri.UriSchemeHttp)
        {
            throw new SourceFetchException($"a redirect from https to plain http ({checkedNext.Host}) was refused");
        }

        return checkedNext;
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw new SourceFetchException(TooLarge(maxBytes));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new SourceFetchException(TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static string TooLarge(long maxBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"it is larger than the {maxBytes:N0}-byte limit for one source (Sources:MaxSourceBytes)");

    // Connects to the addresses checked for this request, never to a fresh lookup of its host name: a name that
    // resolved to a public address for the check cannot resolve to 127.0.0.1 for the connection.
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(CheckedAddresses, out var addresses) || addresses.Count == 0)
        {
            throw new InvalidOperationException("A source request was sent without checked addresses.");
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, "connection failed", last);
    }
}
