package org.parley.kb;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * The languages an article may be written in: those Lucene's analysis-common has a stemming analyzer for. One
 * analyzer per language, shared (Lucene analyzers are thread-safe: each thread reuses its own token streams).
 */
final class KbLanguages {
    static final String DEFAULT = "en";
    private static final Map<String, Supplier<Analyzer>> FACTORIES = new TreeMap<>(Map.ofEntries(
            Map.entry("ar", ArabicAnalyzer::new), Map.entry("ca", CatalanAnalyzer::new),
            Map.entry("cs", CzechAnalyzer::new), Map.entry("da", DanishAnalyzer::new),
            Map.entry("de", GermanAnalyzer::new), Map.entry("el", GreekAnalyzer::new),
            Map.entry("en", EnglishAnalyzer::new), Map.entry("es", SpanishAnalyzer::new),
            Map.entry("fi", FinnishAnalyzer::new), Map.entry("fr", FrenchAnalyzer::new),
            Map.entry("hu", HungarianAnalyzer::new), Map.entry("it", ItalianAnalyzer::new),
            Map.entry("nl", DutchAnalyzer::new), Map.entry("no", NorwegianAnalyzer::new),
            Map.entry("pt", PortugueseAnalyzer::new), Map.entry("ro", RomanianAnalyzer::new),
            Map.entry("ru", RussianAnalyzer::new), Map.entry("sv", SwedishAnalyzer::new),
            Map.entry("tr", TurkishAnalyzer::new)));
    private static final Map<String, Analyzer> ANALYZERS = new TreeMap<>();

    static {
        FACTORIES.forEach((code, factory) -> ANALYZERS.put(code, factory.get()));
    }

    private KbLanguages() {
    }

    static Set<String> codes() {
        return FACTORIES.keySet();
    }

    static boolean supported(String code) {
        return code != null && FACTORIES.containsKey(code);
    }

    static Analyzer analyzer(String code) {
        return ANALYZERS.getOrDefault(code, ANALYZERS.get(DEFAULT));
    }
}
