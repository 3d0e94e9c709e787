using System.Text;

namespace KzBot.Benchmarks;

/// <summary>
/// The BBC news CSV (text,category) as source files: a benchmark and evaluation fixture, not a product feature.
/// Each article becomes one .txt file whose first line is a title (the CSV runs headline and body together).
/// </summary>
public static class BbcCorpus
{
    public sealed record Article(int Index, string Category, string Text);

    public static List<Article> Load(string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            throw new FileNotFoundException(csvPath.Length == 0
                ? "The BBC articles CSV is not given: pass --csv PATH/TO/bbc-news/train.csv."
                : $"The BBC articles CSV {csvPath} does not exist.", csvPath);
        }

        var rows = ParseCsv(File.ReadAllText(csvPath, Encoding.UTF8));
        return rows.Skip(1).Where(r => r.Count >= 2 && r[0].Trim().Length > 0).Select((r, i) => new Article(i, r[1].Trim(), r[0].Trim())).ToList();
    }

    /// <summary>Writes <paramref name="copies"/> copies of every article under <paramref name="folder"/>/copyNNN; returns files written.</summary>
    public static int Export(IReadOnlyList<Article> articles, string folder, int firstCopy, int copies)
    {
        var written = 0;
        for (var copy = firstCopy; copy < firstCopy + copies; copy++)
        {
            var dir = Path.Combine(folder, $"copy{copy:D3}");
            Directory.CreateDirectory(dir);
            foreach (var a in articles)
            {
                // Copies differ in their title line only, so their chunk texts (and embeddings) are shared, as
                // re-published articles would be; the lexical index still holds every copy.
                File.WriteAllText(Path.Combine(dir, $"bbc{a.Index:D4}.txt"), $"BBC {a.Category} article {a.Index} (copy {copy})\n\n{a.Text}\n");
                written++;
            }
        }

        return written;
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
