package io.tradecredit.cli;

import io.tradecredit.erase.CompanyErasure;
import io.tradecredit.erase.ErasureResult;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradecredit erase --company ID --reason TEXT}: removes a company from the lake and its exports. */
@Command(name = "erase", description = "Erase a company: its rows from every table, every older Delta version and "
    + "every export; records the erasure in ops.erasures and lists its landing records to delete at the source. "
    + "Time travel to versions before the erasure is no longer possible. Exits 1 when no table holds the company.")
final class EraseCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--company", required = true, paramLabel = "ID",
      description = "company_id as in credit.company_score: COUNTRY:NUMBER (e.g. CN:91310000AB) or platform@account.")
  String company;

  @Option(names = "--reason", required = true, paramLabel = "TEXT",
      description = "Why (e.g. the request's ticket number); recorded. Put no personal data in it.")
  String reason;

  @Option(names = "--operator", paramLabel = "NAME",
      description = "Who asked for the erasure, recorded with the OS user (default: the OS user).")
  String operator;

  @Override
  public Integer call() {
    RunContext ctx = Session.start(common.load());
    ErasureResult result;
    // Erasure rewrites every table: no night may write the lake meanwhile.
    try (LakeLock lock = Locking.acquire(ctx, "erase --company " + company)) {
      result = new CompanyErasure(ctx).erase(company, reason, operator);
    }
    CompanyErasure.report(company, result).forEach(System.out::println);
    return result.erased() || result.previousRunId() != null ? 0 : 1;
  }
}
