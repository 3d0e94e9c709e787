using KzBot.Core.Ingestion;

namespace KzBot.Core.Tests;

public class IngestionTests
{
    [Fact]
    public async Task Seed_article_is_indexed_without_page_furniture_and_with_exact_spans()
    {
        await using var host = TestHost.Create();
        var report = await host.ReloadAsync();

        Assert.Single(report.Added);
        Assert.Empty(report.Failed);
        var doc = Assert.Single(await host.Corpus.ListDocumentsAsync(default));
        Assert.Equal("Kazakhstan struggles to maintain relations with Russia amid war with Ukraine", doc.Title);

        var text = await host.Corpus.GetDocumentTextAsync(doc.Id, default);
        Assert.NotNull(text);
        Assert.DoesNotContain("Leave a Reply", text);
        Assert.DoesNotContain("Akismet", text);
        Assert.DoesNotContain("Picture credit", text);
        Assert.DoesNotContain(doc.Title, text);
        Assert.StartsWith("Kazakhstan is struggling to distance itself", text);

        var keys = (await host.VectorStore.ListChunkHashesAsync(default)).Select(c => c.ChunkKey).ToList();
        var chunks = await host.Corpus.GetChunksAsync(keys, default);
        Assert.NotEmpty(chunks);
        var original = await File.ReadAllTextAsync(Path.Combine(Repo.Seeds, Repo.SeedFile));
        foreach (var chunk in chunks)
        {
            Assert.Equal(chunk.Text, text[chunk.Start..chunk.End]);
            Assert.True(chunk.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= DocumentChunker.MaxWords);
            Assert.Contains("¶", chunk.Location);

            // Paragraphs of a .txt file are kept verbatim, so every chunk's paragraphs are in the original file.
            foreach (var paragraph in chunk.Text.Split("\n\n"))
            {
                Assert.Contains(paragraph, original);
            }
        }
    }

    [Fact]
    public async Task Markdown_is_reduced_to_text_with_the_first_heading_as_title()
    {
        await using var host = TestHost.Create(dir => File.WriteAllText(Path.Combine(dir, "note.md"), """
            # Astana and the CSTO

            Kazakhstan **hosted** a [summit](https://example.org/summit) of the *Collective Security Treaty Organisation*.

            - First point about `sanctions` compliance.
            - Second point.
            """));
        await host.ReloadAsync();

        var doc = Assert.Single(await host.Corpus.ListDocumentsAsync(default));
        Assert.Equal("md", doc.Format);
        Assert.Equal("Astana and the CSTO", doc.Title);
        var text = await host.Corpus.GetDocumentTextAsync(doc.Id, default);
        Assert.Contains("Kazakhstan hosted a summit of the Collective Security Treaty Organisation.", text);
        Assert.Contains("First point about sanctions compliance.", text);
        Assert.DoesNotContain("**", text);
        Assert.DoesNotContain("https://example.org", text);
    }

    [Fact]
    public async Task Html_keeps_the_article_and_drops_scripts_navigation_footers_and_cookie_banners()
    {
        await using var host = TestHost.Create(dir => File.WriteAllText(Path.Combine(dir, "page.html"), """
            <html><head><title>Tenge under pressure</title><link rel="canonical" href="https://news.example.org/tenge"/>
            <script>var secret = "do not index";</script><style>p { color: red }</style></head>
            <body>
              <nav><a href="/">Home</a> <a href="/world">World news</a></nav>
              <div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
              <article>
                <h1>Tenge under pressure</h1>
                <p>The National Bank of Kazakhstan spent reserves to support the tenge.</p>
                <figure><img src="x.jpg"/><figcaption>Photo: a bank in Almaty. Picture credit: Flickr</figcaption></figure>
                <p>Analysts expect the <b>currency</b> to stabilise.</p>
              </article>
              <footer>© 2022 Example News. All rights reserved.</footer>
            </body></html>
            """));
        await host.ReloadAsync();

        var doc = Assert.Single(await host.Corpus.ListDocumentsAsync(default));
        Assert.Equal("Tenge under pressure", doc.Title);
        Assert.Equal("https://news.example.org/tenge", doc.Url);
        var text = await host.Corpus.GetDocumentTextAsync(doc.Id, default);
        Assert.Equal("The National Bank of Kazakhstan spent reserves to support the tenge.\n\nAnalysts expect the currency to stabilise.", text);
    }

    [Fact]
    public async Task Pdf_text_is_indexed_with_page_numbers_for_citations()
    {
        await using var host = TestHost.Create(dir => File.WriteAllBytes(Path.Combine(dir, "report.pdf"), Pdfs.TwoPages(
            "Kazakhstan abstained in the vote on the resolution.",
            "Grain exports through the Caspian corridor doubled in spring.")));
        await host.ReloadAsync();

        var doc = Assert.Single(await host.Corpus.ListDocumentsAsync(default));
        Assert.Equal("pdf", doc.Format);
        var reply = await host.SayAsync("How did grain exports through the Caspian corridor change?");
        var answer = reply.Answer!;
        Assert.False(answer.Refused);
        var citation = Assert.Single(answer.Citations);
        Assert.EndsWith("p. 2", citation.Source);
        Assert.Contains("doubled in spring", citation.Quote);
    }

    [Fact]
    public void Furniture_is_recognised_only_in_short_blocks()
    {
        Assert.True(BoilerplateFilter.IsFurniture("Leave a Reply"));
        Assert.True(BoilerplateFilter.IsFurniture("This site uses Akismet to reduce spam. Learn how your comment data is processed."));
        Assert.True(BoilerplateFilter.IsFurniture("A military parade during Constitution Day in Kazakhstan. Picture credit: Flickr"));
        Assert.True(BoilerplateFilter.IsFurniture("We use cookies to give you the best experience."));
        var longParagraph = string.Join(' ', Enumerable.Repeat("The ministry said the photo credit scheme for farmers would continue.", 8));
        Assert.False(BoilerplateFilter.IsFurniture(longParagraph));
        Assert.False(BoilerplateFilter.IsFurniture("Kazakhstan abstained on the United Nations General Assembly resolution condemning the invasion."));
    }
}
