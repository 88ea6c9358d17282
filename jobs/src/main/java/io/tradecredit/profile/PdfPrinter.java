package io.tradecredit.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prints profile pages to PDF with one headless Chromium: the page is laid out by the same engine a reader's browser
 * uses, so the PDF is the page. Up to {@code pages} threads print at once, each on a page of its own.
 */
public final class PdfPrinter implements AutoCloseable {
  private final Chromium chromium;
  private final BlockingQueue<Chromium.Page> idle;
  private final List<Chromium.Page> all = new ArrayList<>();

  public PdfPrinter(int pages) {
    this.chromium = Chromium.start();
    this.idle = new ArrayBlockingQueue<>(Math.max(1, pages));
    for (int i = 0; i < Math.max(1, pages); i++) {
      Chromium.Page page = chromium.newPage();
      all.add(page);
      idle.add(page);
    }
  }

  /** Writes {@code html} printed as {@code pdf}. */
  public void print(Path html, Path pdf) {
    Chromium.Page page;
    try {
      page = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting to print " + html, e);
    }
    try {
      page.load(html.toAbsolutePath().toUri().toString());
      Files.write(pdf, page.pdf());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + pdf, e);
    } finally {
      idle.add(page);
    }
  }

  @Override
  public void close() {
    chromium.close();
  }
}
