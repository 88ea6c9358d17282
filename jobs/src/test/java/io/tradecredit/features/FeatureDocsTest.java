package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FeatureDocsTest {
  static final Path PAGE = Path.of("..").toAbsolutePath().normalize().resolve("docs/features.md");

  @Test
  void theCommittedPageIsTheCatalog() throws IOException {
    assertEquals(FeatureDocs.markdown(), Files.readString(PAGE, StandardCharsets.UTF_8),
        "docs/features.md differs from FeatureCatalog; regenerate it: " + FeatureDocs.REGENERATE);
  }

  @Test
  void everyFeatureHasARowWithItsWindow() {
    String md = FeatureDocs.markdown();
    for (Feature f : FeatureCatalog.FEATURES) {
      String window = f.window() == 0 ? "as of D" : String.valueOf(f.window());
      assertTrue(md.contains("| `" + f.name() + "` | " + f.definition() + " | " + window + " | "), f.name());
    }
  }
}
