package io.tradecredit.cli;

import io.tradecredit.lake.RunContext;
import io.tradecredit.profile.ProfileVerifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Check a profile written by profile against credit.company_score_history "
    + "for its date: prints VALID, or INVALID with every field whose value differs from the publication (exit 1). "
    + "Reads the lake only.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PROFILE", description = "The profile's HTML file.")
  Path profile;

  @Override
  public Integer call() {
    ProfileVerifier.read(profile); // A file that is no profile fails before a session starts.
    RunContext ctx = Session.start(common.load());
    SparkSession spark = SqlCommand.analystSession(ctx, false, System.err, ProfileCommand.TABLES);
    ProfileVerifier.Verdict v = ProfileVerifier.verify(spark, profile);
    if (v.valid()) {
      System.out.printf("VALID  %s as of %s  run %s  %s%n", v.companyId(), v.asOf(), v.runId(), v.digest());
      System.out.printf("published: score %s, grade %s, pd_12m %s, confidence %s%n", v.published().get("score"),
          v.published().get("grade"), v.published().get("pd_12m"), v.published().get("confidence"));
      return 0;
    }
    System.out.printf("INVALID  %s as of %s: %d difference(s) from the publication%n", v.companyId(), v.asOf(),
        v.differences().size());
    v.differences().forEach(d -> System.out.println("  " + ControlChars.visibleLines(d, 1)));
    return 1;
  }
}
