package io.codingit.llm.internal;

import io.codingit.llm.CatalogModel;
import io.codingit.llm.ModelCatalog;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RateLimited(RateLimitGroup.GENERAL)
class ModelsController {
    private final ModelCatalog catalog;

    ModelsController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    record ModelList(List<CatalogModel> models) {
    }

    /** The model catalog, each entry marked {@code configured} when the server holds a key for it. */
    @GetMapping("/api/models")
    ModelList models() {
        return new ModelList(catalog.models());
    }
}
