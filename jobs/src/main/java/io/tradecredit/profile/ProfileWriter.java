package io.tradecredit.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;

/**
 * Writes the profiles of rows read once from the lake ({@link ProfileData#query}): the rows stream in on the calling
 * thread while a pool of threads renders and writes the files (and prints the PDFs), so memory holds a few rows per
 * thread, not the batch. An index {@code profiles.csv} lists every profile with its run id and digest.
 */
public final class ProfileWriter {
  /** The index of a folder of profiles. */
  public static final String INDEX = "profiles.csv";

  /** What a batch wrote. */
  public record Result(long profiles, long pdfs, long bytes) {}

  private ProfileWriter() {}

  /** The file name of a company's profile, without extension: the id with every unsafe character as _XX (hex). */
  public static String fileName(String companyId) {
    StringBuilder b = new StringBuilder();
    for (byte c : companyId.getBytes(StandardCharsets.UTF_8)) {
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' && b.length() > 0) {
        b.append((char) c);
      } else {
        b.append(String.format(Locale.ROOT, "_%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  /**
   * @param printer prints each page to PDF next to it; null for HTML only
   */
  public static Result write(Iterator<Row> rows, Path out, int threads, PdfPrinter printer) {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the output folder " + out, e);
    }
    Instant made = Instant.now();
    ConcurrentLinkedQueue<String> index = new ConcurrentLinkedQueue<>();
    AtomicLong bytes = new AtomicLong();
    AtomicLong pdfs = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    int n = Math.max(1, threads);
    Semaphore inFlight = new Semaphore(n * 4);
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "tradecredit-profile");
      t.setDaemon(true);
      return t;
    });
    long count = 0;
    try {
      while (rows.hasNext() && failure.get() == null) {
        Row row = rows.next();
        inFlight.acquireUninterruptibly();
        count++;
        pool.execute(() -> {
          try {
            ProfileData data = ProfileData.of(row);
            String name = fileName(data.companyId());
            Path html = out.resolve(name + ".html");
            byte[] page = ProfileHtml.render(data, made).getBytes(StandardCharsets.UTF_8);
            Files.write(html, page);
            bytes.addAndGet(page.length);
            if (printer != null) {
              Path pdf = out.resolve(name + ".pdf");
              printer.print(html, pdf);
              bytes.addAndGet(Files.size(pdf));
              pdfs.incrementAndGet();
            }
            index.add(csv(data.companyId()) + "," + name + ".html," + data.asOf() + "," + data.runId() + ","
                + data.digest());
          } catch (IOException e) {
            failure.compareAndSet(null, new UncheckedIOException("Cannot write a profile into " + out, e));
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            inFlight.release();
          }
        });
      }
      inFlight.acquireUninterruptibly(n * 4);
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    List<String> lines = new ArrayList<>(index);
    lines.sort(null);
    lines.add(0, "company_id,file,as_of_date,run_id,digest");
    try {
      Files.write(out.resolve(INDEX), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + out.resolve(INDEX), e);
    }
    return new Result(count, pdfs.get(), bytes.get());
  }

  private static String csv(String value) {
    return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
