/**
 * The knowledge base (docs/kb.md): markdown articles per workspace, rendered with an allow-list sanitizer, searched
 * with Lucene (BM25, each article with its language's analyzer), shown to visitors on a public page, and suggested by
 * the flows' answer step.
 *
 * <p>Owns: kb_articles, kb_versions. May import workspace and identity. A feature: the bots import it.
 */
package org.parley.kb;
