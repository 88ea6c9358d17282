package io.tradecredit.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol (the JDK's WebSocket client, Jackson for the messages):
 * one browser process, any number of pages, each page usable from its own thread.
 *
 * <p>The browser is Debian's {@code chromium} unless {@code TRADECREDIT_CHROMIUM} names another binary. It runs
 * with a throw-away profile folder, and without its sandbox only when this process is root (Chromium refuses to
 * start as root with it).
 */
public final class Chromium implements AutoCloseable {
  /** Environment variable naming the browser binary. */
  public static final String BINARY_ENV = "TRADECREDIT_CHROMIUM";
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profileDir;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

  private Chromium(Process process, Path profileDir, String url) {
    this.process = process;
    this.profileDir = profileDir;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(url), new Listener()).join();
  }

  /** The browser binary: {@code TRADECREDIT_CHROMIUM}, else {@code chromium} on the PATH. */
  public static String binary() {
    String env = System.getenv(BINARY_ENV);
    return env == null || env.isBlank() ? "chromium" : env;
  }

  /** Starts a headless browser; fails naming the binary and how to install it when it cannot. */
  public static Chromium start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("tradecredit-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a profile folder for Chromium", e);
    }
    List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--disable-gpu", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--mute-audio", "--hide-scrollbars",
        "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + dir));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--no-sandbox");
    }
    // Containers often give /dev/shm a few megabytes, where Chromium's renderers crash: it writes to /tmp instead.
    command.add("--disable-dev-shm-usage");
    command.add("about:blank");
    Process p;
    try {
      p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      deleteTree(dir);
      throw new IllegalStateException("Cannot start Chromium (" + binary() + "): " + e.getMessage()
          + "; install it (Debian: apt-get install chromium) or set " + BINARY_ENV, e);
    }
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        // The browser ended; the wait below reports it.
      }
      url.complete(null);
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      String ws = url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (ws == null) {
        throw new IllegalStateException("Cannot start Chromium (" + binary() + "): it ended before opening its "
            + "DevTools port");
      }
      return new Chromium(p, dir, ws);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      deleteTree(dir);
      throw new IllegalStateException("Cannot start Chromium (" + binary() + "): no DevTools port within "
          + TIMEOUT.toSeconds() + " s", e);
    }
  }

  /** Opens a new blank page (a target of its own, attached with a session). */
  public Page newPage() {
    String target = call(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
        .path("targetId").asText();
    String session = call(null, "Target.attachToTarget", JSON.createObjectNode().put("targetId", target)
        .put("flatten", true)).path("sessionId").asText();
    return new Page(target, session);
  }

  /** Hears every event of every page: messages with a {@code method} and no {@code id}. */
  public void listen(Consumer<JsonNode> listener) {
    listeners.add(listener);
  }

  JsonNode call(String session, String method, ObjectNode params) {
    long id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params == null ? JSON.createObjectNode() : params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (socket) {
      socket.sendText(message.toString(), true).join();
    }
    try {
      JsonNode r = await(reply, "the answer to " + method);
      if (r.has("error")) {
        throw new IllegalStateException("Chromium refused " + method + ": " + r.get("error"));
      }
      return r.path("result");
    } finally {
      pending.remove(id);
    }
  }

  @Override
  public void close() {
    try {
      call(null, "Browser.close", null);
    } catch (RuntimeException e) {
      // Ending it below anyway.
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteTree(profileDir);
  }

  /** One page of the browser. */
  public final class Page {
    private final String target;
    private final String session;

    private Page(String target, String session) {
      this.target = target;
      this.session = session;
    }

    public String session() {
      return session;
    }

    public JsonNode call(String method, ObjectNode params) {
      return Chromium.this.call(session, method, params);
    }

    /** Loads {@code url} and returns once its load event has fired (images decoded, layout done). */
    public void load(String url) {
      CompletableFuture<Void> loaded = new CompletableFuture<>();
      Consumer<JsonNode> onLoad = e -> {
        if (session.equals(e.path("sessionId").asText()) && "Page.loadEventFired".equals(e.path("method").asText())) {
          loaded.complete(null);
        }
      };
      listen(onLoad);
      try {
        call("Page.enable", null);
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        await(loaded, "the load of " + url);
      } finally {
        listeners.remove(onLoad);
      }
    }

    /** The loaded page printed to PDF (A4 unless the page's CSS says otherwise, backgrounds printed). */
    public byte[] pdf() {
      JsonNode r = call("Page.printToPDF", JSON.createObjectNode().put("printBackground", true)
          .put("preferCSSPageSize", true).put("displayHeaderFooter", false));
      return java.util.Base64.getDecoder().decode(r.path("data").asText());
    }

    public void close() {
      Chromium.this.call(null, "Target.closeTarget", JSON.createObjectNode().put("targetId", target));
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asLong());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            listeners.forEach(l -> l.accept(message));
          }
        } catch (IOException e) {
          // Not JSON: nothing of the protocol; skip it.
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }

  /** What {@code future} gives, waited for at most {@link #TIMEOUT}. */
  private static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for " + what + " from Chromium", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Chromium did not give " + what + " within " + TIMEOUT.toSeconds() + " s", e);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A browser may still hold a file for a moment; a temporary folder left behind is harmless.
    }
  }
}
