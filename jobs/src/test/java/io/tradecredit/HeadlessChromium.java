package io.tradecredit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.profile.Chromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real headless Chromium opening a page the way a reader's browser does: what its console said, whether every image
 * decoded, which URLs it requested, and a screenshot.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Chromium chromium = Chromium.start();

  /**
   * @param errors console errors, uncaught exceptions and browser log errors
   * @param images per {@code <img>}: complete, natural width, the start of its source
   * @param requests every URL the page requested
   */
  public record Opened(List<String> errors, List<JsonNode> images, List<String> requests, Path screenshot) {
    public List<JsonNode> broken() {
      return images.stream().filter(i -> !i.get(0).asBoolean() || i.get(1).asInt() <= 0).toList();
    }
  }

  /** Loads {@code html} in a fresh page and saves a full-page screenshot to {@code screenshot}. */
  public Opened open(Path html, Path screenshot) throws IOException {
    Chromium.Page page = chromium.newPage();
    List<String> errors = new CopyOnWriteArrayList<>();
    List<String> requests = new CopyOnWriteArrayList<>();
    chromium.listen(e -> {
      if (!page.session().equals(e.path("sessionId").asText())) {
        return;
      }
      JsonNode p = e.path("params");
      switch (e.path("method").asText()) {
        case "Runtime.consoleAPICalled" -> {
          if (List.of("error", "assert").contains(p.path("type").asText())) {
            errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          if ("error".equals(p.path("entry").path("level").asText())) {
            errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
          }
        }
        case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
        default -> { }
      }
    });
    page.call("Runtime.enable", null);
    page.call("Log.enable", null);
    page.call("Network.enable", null);
    page.call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", 1280).put("height", 900)
        .put("deviceScaleFactor", 1).put("mobile", false));
    page.load(html.toAbsolutePath().toUri().toString());
    JsonNode images = JSON.readTree(page.call("Runtime.evaluate", JSON.createObjectNode()
        .put("expression", "JSON.stringify(Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
            + "i.src.slice(0, 40)]))").put("returnByValue", true)).path("result").path("value").asText());
    List<JsonNode> list = new ArrayList<>();
    images.forEach(list::add);
    JsonNode shot = page.call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
        .put("captureBeyondViewport", true));
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Files.write(screenshot, Base64.getDecoder().decode(shot.path("data").asText()));
    page.close();
    return new Opened(List.copyOf(errors), list, List.copyOf(requests), screenshot);
  }

  /** Runs a program of poppler-utils (pdftoppm, pdftotext) and returns its standard output. */
  public static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    chromium.close();
  }
}
