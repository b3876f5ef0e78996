package org.parley.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * In-memory Lucene indexes of the workspaces' published articles, one per workspace, built when first searched and
 * again when the workspace's stored version moved (any article change bumps it, on any node). BM25 (Lucene's default)
 * over {@code title_<lang>} (boosted 2x) and {@code body_<lang>}, each article analyzed by its language's analyzer;
 * a query is analyzed with the analyzer of each language the workspace's articles use, so stems meet stems.
 * Queries are never parsed: the user's text is only tokenized, so no syntax can make a search fail.
 */
final class KbIndex {
    static final int MAX_WORKSPACES = 200;
    /** Terms kept per language from a query: bounds the clauses (2 per term and language) far below Lucene's 1,024. */
    static final int MAX_TERMS = 24;
    static final int EXCERPT = 200;
    /** Text kept per article for excerpts (the whole text is indexed): bounds a large knowledge base's heap. */
    static final int STORED_TEXT = 10_000;
    private static final PerFieldAnalyzerWrapper ANALYZER = perField();

    record Hit(String id, String title, String excerpt, float score, String language) {
    }

    private record Built(long version, IndexSearcher searcher, Set<String> languages) {
    }

    private final Map<String, Built> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Built> eldest) {
            return size() > MAX_WORKSPACES; // least recently searched; its reader holds only heap, the GC takes it
        }
    };

    /**
     * The best {@code max} published articles for {@code text}; {@code language} narrows to that language's articles
     * when the workspace has some (else every language is searched). {@code articles} loads the published articles
     * when the index of {@code version} must be built.
     */
    List<Hit> search(String workspaceId, long version, Supplier<List<KbArticle>> articles, String text, String language,
                     int max) {
        Built built;
        synchronized (cache) {
            built = cache.get(workspaceId);
        }
        if (built == null || built.version() != version) {
            built = build(version, articles.get());
            synchronized (cache) {
                cache.put(workspaceId, built);
            }
        }
        if (built.searcher() == null) {
            return List.of();
        }
        Set<String> languages = language != null && built.languages().contains(language) ? Set.of(language) : built.languages();
        BooleanQuery.Builder query = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        Set<String> allTerms = new LinkedHashSet<>();
        for (String lang : languages) {
            for (String term : terms(lang, text)) {
                allTerms.add(term);
                query.add(new BoostQuery(new TermQuery(new Term("title_" + lang, term)), 2f), BooleanClause.Occur.SHOULD);
                query.add(new TermQuery(new Term("body_" + lang, term)), BooleanClause.Occur.SHOULD);
            }
        }
        if (allTerms.isEmpty()) {
            return List.of();
        }
        if (languages.size() == 1) {
            query.add(new TermQuery(new Term("language", languages.iterator().next())), BooleanClause.Occur.FILTER);
        }
        try {
            IndexSearcher searcher = built.searcher();
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc doc : searcher.search(query.build(), max).scoreDocs) {
                Document d = stored.document(doc.doc);
                hits.add(new Hit(d.get("id"), d.get("title"), excerpt(d.get("text"), allTerms), doc.score, d.get("language")));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Built build(long version, List<KbArticle> articles) {
        if (articles.isEmpty()) {
            return new Built(version, null, Set.of());
        }
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        Set<String> languages = new TreeSet<>();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(ANALYZER))) {
            for (KbArticle article : articles) {
                String lang = KbLanguages.supported(article.language()) ? article.language() : KbLanguages.DEFAULT;
                languages.add(lang);
                String text = KbMarkdown.text(article.body());
                Document doc = new Document();
                doc.add(new StringField("id", article.id(), Field.Store.YES));
                doc.add(new StringField("language", lang, Field.Store.YES));
                doc.add(new StoredField("title", article.title()));
                doc.add(new StoredField("text", text.length() > STORED_TEXT ? text.substring(0, STORED_TEXT) : text));
                doc.add(new TextField("title_" + lang, article.title(), Field.Store.NO));
                doc.add(new TextField("body_" + lang, text, Field.Store.NO));
                writer.addDocument(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Built(version, new IndexSearcher(DirectoryReader.open(directory)), Set.copyOf(languages));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analyzed terms of {@code text} in {@code language}, distinct, at most {@link #MAX_TERMS}. */
    static List<String> terms(String language, String text) {
        Set<String> terms = new LinkedHashSet<>();
        Analyzer analyzer = KbLanguages.analyzer(language);
        try (TokenStream stream = analyzer.tokenStream("body_" + language, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (terms.size() < MAX_TERMS && stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(terms);
    }

    /** Up to 200 characters of {@code text} around the first place a term (a stem: a word's start) appears. */
    static String excerpt(String text, Set<String> terms) {
        String lower = text.toLowerCase(Locale.ROOT);
        int at = -1;
        for (String term : terms) {
            int i = lower.indexOf(term);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        int start = at < 60 ? 0 : text.lastIndexOf(' ', at - 40) + 1;
        String prefix = start > 0 ? "…" : "";
        int room = EXCERPT - prefix.length();
        if (text.length() - start <= room) {
            return prefix + text.substring(start);
        }
        int end = text.lastIndexOf(' ', start + room - 1);
        if (end <= start) {
            end = start + room - 1;
        }
        return prefix + text.substring(start, end).strip() + "…";
    }

    private static PerFieldAnalyzerWrapper perField() {
        Map<String, Analyzer> fields = new HashMap<>();
        for (String code : KbLanguages.codes()) {
            fields.put("title_" + code, KbLanguages.analyzer(code));
            fields.put("body_" + code, KbLanguages.analyzer(code));
        }
        return new PerFieldAnalyzerWrapper(KbLanguages.analyzer(KbLanguages.DEFAULT), fields);
    }
}
