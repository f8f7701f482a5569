package io.codingit.llm;

import java.util.List;

/** The models offered to clients; an operator can replace the built-in list with a file. */
public interface ModelCatalog {
    List<CatalogModel> models();
}
