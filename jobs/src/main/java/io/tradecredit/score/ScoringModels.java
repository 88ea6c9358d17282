package io.tradecredit.score;

import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Promotions;
import io.tradecredit.model.Scorecard;
import io.tradecredit.model.Target;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The models a night scores with. Each risk's is its latest promotion in {@code ops.model_promotions}; the credit
 * risk, while none was promoted, has the configured {@code model.path}. Fulfilment and payment without a promoted
 * model stay null, with the reason.
 *
 * @param credit the credit scorecard
 * @param creditSource where it came from, for messages
 * @param risks the promoted fulfilment and payment models
 */
public record ScoringModels(Scorecard credit, String creditSource, Map<Target, Scorecard> risks) {
  public ScoringModels {
    risks = Map.copyOf(risks);
  }

  /** The production models of the lake: its promotions over the configured credit model. */
  public static ScoringModels load(RunContext ctx) {
    Map<Target, Promotions.Promotion> promoted = Promotions.current(ctx.lake());
    Map<Target, Scorecard> risks = new EnumMap<>(Target.class);
    promoted.forEach((t, p) -> {
      if (t != Target.CREDIT) {
        risks.put(t, p.model());
      }
    });
    Promotions.Promotion credit = promoted.get(Target.CREDIT);
    if (credit != null) {
      return new ScoringModels(credit.model(), Tables.MODEL_PROMOTIONS + " (promoted from " + credit.path() + ")",
          risks);
    }
    String path = ctx.config().model().path();
    return new ScoringModels(Scorecard.read(Path.of(path)), path, risks);
  }

  /** The promoted model of a fulfilment or payment risk. */
  public Optional<Scorecard> risk(Target target) {
    return Optional.ofNullable(risks.get(target));
  }
}
