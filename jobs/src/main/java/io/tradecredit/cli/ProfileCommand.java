package io.tradecredit.cli;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import io.tradecredit.profile.PdfPrinter;
import io.tradecredit.profile.ProfileData;
import io.tradecredit.profile.ProfileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = "Write a company's credit profile for a published date: one self-contained "
    + "HTML page and a PDF of it (identity, score, grade, pd, confidence, reasons, score history, trade evidence in "
    + "bands), carrying the publication's run id and the digest of the published row (check it with verify). "
    + "--all or --companies FILE write many in parallel, HTML only unless --pdf. Reads the lake only.")
final class ProfileCommand implements Callable<Integer> {
  /** What a profile reads: the published scores and features, and the daily partials for the countries. */
  static final Predicate<Table> TABLES = Set.of(Tables.COMPANY_SCORE_HISTORY, Tables.COMPANY_FEATURES,
      Tables.COMPANY_ACTIVITY_DAILY)::contains;

  @Mixin CommonOptions common;

  @Parameters(arity = "0..1", paramLabel = "COMPANY_ID", description = "The company, e.g. CN:91310000MA1K4AB3XX.")
  String company;

  @Option(names = "--date", paramLabel = "D", description = "The published date (default: the latest).")
  LocalDate date;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder the profiles are written to "
      + "(<company file name>.html and .pdf, and the index profiles.csv).")
  Path out;

  @Option(names = "--all", description = "Every company published on the date.")
  boolean all;

  @Option(names = "--companies", paramLabel = "FILE", description = "The companies listed in FILE, one id a line "
      + "(blank lines and lines starting with # are skipped).")
  Path companies;

  @Option(names = "--threads", paramLabel = "N", description = "Profiles written at once (default: the cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--pdf", negatable = true, description = "Print each page to PDF with headless Chromium "
      + "(default: on for one company, off for --all and --companies).")
  Boolean pdf;

  @Override
  public Integer call() {
    int ways = (company == null ? 0 : 1) + (all ? 1 : 0) + (companies == null ? 0 : 1);
    if (ways != 1) {
      throw new IllegalArgumentException("profile takes one of COMPANY_ID, --all or --companies FILE");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
    }
    Set<String> wanted = company != null ? Set.of(company) : companies != null ? read(companies) : null;
    long start = System.nanoTime();
    RunContext ctx = Session.start(common.load());
    SparkSession spark = SqlCommand.analystSession(ctx, false, System.err, TABLES);
    if (!spark.catalog().tableExists(Tables.COMPANY_SCORE_HISTORY.qualified())) {
      throw new IllegalStateException("Cannot write profiles: nothing is published in " + ctx.lake().root());
    }
    LocalDate day = date != null ? date : ProfileData.latestDate(spark);
    if (day == null) {
      throw new IllegalStateException("Cannot write profiles: nothing is published in " + ctx.lake().root());
    }
    boolean printing = pdf != null ? pdf : company != null;
    ProfileWriter.Result result;
    try (PdfPrinter printer = printing ? printer(threads) : null) {
      result = ProfileWriter.write(ProfileData.query(spark, day, wanted).toLocalIterator(), out, threads, printer);
    }
    if (wanted == null && result.profiles() == 0) {
      throw new IllegalStateException("Cannot write profiles: nothing is published as of " + day + " in "
          + ctx.lake().root());
    }
    if (wanted != null && result.profiles() < wanted.size()) {
      String message = (wanted.size() - result.profiles()) + " of " + wanted.size() + " companies have no row "
          + "published as of " + day + " (" + out.resolve(ProfileWriter.INDEX) + " lists those written)";
      if (result.profiles() == 0) {
        throw new IllegalStateException("Cannot write a profile: " + message);
      }
      System.err.println("profile: " + message);
    }
    Console.line("profile as of %s  companies %d  pdfs %d  %.1f MB  out %s  %s", day, result.profiles(),
        result.pdfs(), result.bytes() / 1e6, company == null ? out
            : out.resolve(ProfileWriter.fileName(company) + ".html"), Console.seconds(start));
    return wanted != null && result.profiles() < wanted.size() ? 1 : 0;
  }

  private static PdfPrinter printer(int pages) {
    try {
      return new PdfPrinter(pages);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; --no-pdf writes the HTML alone", e);
    }
  }

  private static Set<String> read(Path file) {
    try {
      Set<String> ids = new LinkedHashSet<>();
      for (String line : Files.readAllLines(file)) {
        String id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          ids.add(id);
        }
      }
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("--companies " + file + " lists no company");
      }
      return ids;
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read --companies " + file + ": " + e.getMessage(), e);
    }
  }
}
