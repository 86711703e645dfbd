using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Turns YAML text into the root node of its single document, reporting syntax errors, duplicate keys and extra
/// documents with their locations.
/// </summary>
/// <remarks>
/// The text is read twice: first as a stream of parser events, which finds every duplicate key with its field path
/// (the representation model stops at the first one and does not say where it sits), then as a
/// <see cref="YamlStream"/>, whose nodes keep their start marks for the field-by-field mapping.
/// </remarks>
internal static class YamlDocumentReader
{
    /// <returns>The root node; null when the text holds no document or has errors (then in <paramref name="errors"/>).</returns>
    public static YamlNode? Read(string text, string file, ScenarioErrors errors)
    {
        if (!Scan(text, file, errors))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            errors.Add(Locate(file, exception.Start), string.Empty, $"YAML error: {exception.Message}");
            return null;
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    public static SourceLocation Locate(string file, Mark mark) =>
        new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static bool Scan(string text, string file, ScenarioErrors errors)
    {
        var parser = new Parser(new StringReader(text));
        var scan = new KeyScan(file, errors);
        var lastMark = Mark.Empty;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastMark = current.End;
                if (current is DocumentStart { IsImplicit: var isImplicit } && ++documents == 2)
                {
                    errors.Add(
                        Locate(file, current.Start),
                        string.Empty,
                        $"found a second YAML document{(isImplicit ? string.Empty : " (after '---')")}; expected exactly one per file");
                }

                scan.Accept(current);
            }
        }
        catch (YamlException exception)
        {
            errors.Add(Locate(file, exception.Start), string.Empty, $"YAML syntax error: {exception.Message}");
            return false;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way (no mark) when the text ends inside a flow collection or quote.
            errors.Add(
                Locate(file, lastMark),
                string.Empty,
                "YAML syntax error: the text ends inside an open [list], {mapping} or quoted string; close it");
            return false;
        }

        return !errors.Any;
    }

    /// <summary>
    /// Tracks the keys of every open mapping to find duplicates, naming each by its field path, and the anchors
    /// defined so far, to place an alias to an unknown anchor (the representation model reports it at 1:1).
    /// </summary>
    private sealed class KeyScan(string file, ScenarioErrors errors)
    {
        private readonly Stack<Collection> _open = new();
        private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);

        public void Accept(ParsingEvent parsingEvent)
        {
            if (parsingEvent is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                _anchors.Add(anchored.Anchor.Value);
            }
            else if (parsingEvent is AnchorAlias alias && !_anchors.Contains(alias.Value.Value))
            {
                errors.Add(
                    Locate(file, alias.Start),
                    string.Empty,
                    $"YAML error: the alias '*{alias.Value.Value}' refers to no anchor '&{alias.Value.Value}' defined before it");
            }

            switch (parsingEvent)
            {
                case MappingStart:
                    _open.Push(new Collection(IsMapping: true, PathOfNext(parsingEvent)));
                    break;
                case SequenceStart:
                    _open.Push(new Collection(IsMapping: false, PathOfNext(parsingEvent)));
                    break;
                case MappingEnd or SequenceEnd:
                    _open.Pop();
                    break;
                case Scalar or AnchorAlias:
                    PathOfNext(parsingEvent);
                    break;
            }
        }

        /// <summary>Moves the parent collection on past one node and returns that node's field path.</summary>
        private string PathOfNext(ParsingEvent node)
        {
            if (!_open.TryPeek(out var parent))
            {
                return string.Empty;
            }

            if (!parent.IsMapping)
            {
                return FieldPaths.Item(parent.Path, parent.Count++);
            }

            if (parent.ExpectingKey)
            {
                parent.ExpectingKey = false;
                parent.PendingKey = node is Scalar key ? key.Value : "?";
                if (node is Scalar scalar)
                {
                    CheckDuplicate(parent, scalar);
                }

                return FieldPaths.Field(parent.Path, parent.PendingKey);
            }

            parent.ExpectingKey = true;
            return FieldPaths.Field(parent.Path, parent.PendingKey);
        }

        private void CheckDuplicate(Collection mapping, Scalar key)
        {
            var location = Locate(file, key.Start);
            if (mapping.Keys.TryGetValue(key.Value, out var first))
            {
                errors.Add(
                    location,
                    FieldPaths.Field(mapping.Path, key.Value),
                    $"duplicate key; it was already given at line {first.Line}, column {first.Column}. Keep one of them");
                return;
            }

            mapping.Keys.Add(key.Value, location);
        }

        private sealed record Collection(bool IsMapping, string Path)
        {
            public bool ExpectingKey { get; set; } = true;

            /// <summary>Items seen so far, for a list.</summary>
            public int Count { get; set; }

            public string PendingKey { get; set; } = string.Empty;

            public Dictionary<string, SourceLocation> Keys { get; } = new(StringComparer.Ordinal);
        }
    }
}
