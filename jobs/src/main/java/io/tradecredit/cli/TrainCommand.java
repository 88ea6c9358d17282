package io.tradecredit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "train", description = "Fit a scorecard model (not wired yet).")
final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new IllegalStateException("train is not wired yet");
  }
}
