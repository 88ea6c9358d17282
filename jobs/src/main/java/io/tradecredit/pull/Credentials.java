package io.tradecredit.pull;

import io.tradecredit.config.PullSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The user and password of a source, read when a pull starts from where its configuration points: two environment
 * variables, or a properties file ({@code user=}, {@code password=}) that only its owner can read. The password is
 * never printed: {@link #toString()} hides it and {@link #redact} removes it from any text that leaves the pull.
 */
public final class Credentials {
  private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private final String user;
  private final String password;

  private Credentials(String user, String password) {
    this.user = user;
    this.password = password;
  }

  public String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** Reads the credentials of {@code source} (named {@code name} in messages) from the environment or its file. */
  public static Credentials of(String name, PullSource source, Map<String, String> env) {
    if (source.credentialsFile() != null) {
      return fromFile(name, Path.of(source.credentialsFile()));
    }
    return new Credentials(fromEnv(name, source.userEnv(), env), fromEnv(name, source.passwordEnv(), env));
  }

  private static String fromEnv(String name, String variable, Map<String, String> env) {
    String value = env.get(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("Cannot pull from source " + name + ": environment variable " + variable
          + " is not set (pull.sources." + name + " reads its credentials from it)");
    }
    return value;
  }

  private static Credentials fromFile(String name, Path file) {
    String cannot = "Cannot pull from source " + name + ": credentials file " + file;
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalStateException(cannot + " is not a regular file");
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (mode.stream().anyMatch(OTHERS::contains)) {
        throw new IllegalStateException(cannot + " can be read or written by others (mode "
            + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "): chmod 600 it");
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
      String user = p.getProperty("user");
      String password = p.getProperty("password");
      if (user == null || user.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalStateException(cannot + " needs the lines user=... and password=...");
      }
      return new Credentials(user.trim(), password);
    } catch (IOException e) {
      // The message of an IOException names the file only; never its content.
      throw new IllegalStateException(cannot + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** {@code text} with every occurrence of the password replaced, for messages that quote a driver or a database. */
  public String redact(String text) {
    if (text == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password, "***");
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
