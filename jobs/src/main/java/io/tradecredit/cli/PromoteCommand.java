package io.tradecredit.cli;

import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Promotions;
import io.tradecredit.model.Target;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tradecredit promote DIR/model.json --reason TEXT}: makes a trained candidate the production model. */
@Command(name = "promote", description = "Promote a trained model to production for its risk (credit, fulfilment or "
    + "payment): recorded in ops.model_promotions with who promoted it and why, and used by the next score (or a "
    + "rerun of a date). Promoting an earlier model again rolls back.")
final class PromoteCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model artifact, e.g. candidates/2026-11-30/"
      + "payment/model.json.")
  Path model;

  @Option(names = "--reason", required = true, paramLabel = "TEXT",
      description = "Why this model (e.g. the review of its report); recorded.")
  String reason;

  @Option(names = "--operator", paramLabel = "NAME",
      description = "Who decided, recorded with the OS user (default: the OS user).")
  String operator;

  @Option(names = "--target", paramLabel = "RISK", converter = TargetConverter.class,
      description = "The risk, for a model that does not state one (trained from a file): credit, fulfilment or "
          + "payment.")
  Target target;

  @Override
  public Integer call() {
    RunContext ctx = Session.start(common.load());
    Promotions.Promotion p;
    // A promotion is a write to the lake: not in the middle of a night's score.
    try (LakeLock lock = Locking.acquire(ctx, "promote " + model)) {
      p = Promotions.promote(ctx.lake(), model, target, reason, operator);
    }
    System.out.printf("promoted %s as the %s model (sha256 %s) by %s (OS user %s): %s%nrecorded in %s; the next "
        + "score, or a rerun of a date, uses it%n", p.model().version(), p.target(), p.sha256().substring(0, 12),
        p.operator(), p.osUser(), p.reason(), Tables.MODEL_PROMOTIONS);
    return 0;
  }

  /** Reads credit, fulfilment or payment, refusing anything else with the choices. */
  static final class TargetConverter implements picocli.CommandLine.ITypeConverter<Target> {
    @Override
    public Target convert(String value) {
      return Target.of(value);
    }
  }
}
