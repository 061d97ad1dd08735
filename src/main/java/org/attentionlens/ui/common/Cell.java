package org.attentionlens.ui.common;

/** One cell of a query × key matrix: row i (query), column j (key). */
public record Cell(int query, int key) {
}
