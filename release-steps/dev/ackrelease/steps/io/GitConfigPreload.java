package dev.ackrelease.steps.io;

import java.io.File;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.StringUtils;
import org.eclipse.jgit.util.SystemReader;

/**
 * Git's system and user configuration, read on a thread of its own while the command line is
 * still being parsed. JGit finds the system file by running git twice ({@code git --version},
 * then {@code git config --system --show-origin --list -z}: FS.discoverGitSystemConfig), and with
 * the set-up of its classes that is most of what opening a clone costs a short command, time the
 * second core otherwise spends idle. JGit keeps what it read: its SystemReader holds the user
 * configuration, whose parent is the system one, and the repository's configuration is read on
 * top of it (GitConfigPreloadTest shows it is the same object).
 *
 * <p>What opens a clone with JGit (GitRepo.open, and {@link OutputFile}'s look for the work tree
 * a file is in) waits for the read to end first. An I/O or configuration failure here is
 * dropped: the open that follows reads the same files again and reports what is wrong with them,
 * as it did before. An error (a JGit class that could not be set up) is thrown where it is
 * waited for, with its cause. A JVM that cannot start the thread runs without the preload.
 */
public final class GitConfigPreload {

  /** The JVM's one read (a test puts one it holds in its place: {@link #replaceJvmRead}). */
  private static volatile GitConfigPreload jvm = new GitConfigPreload(new UserConfig());

  /**
   * JGit's read of the user configuration (and so of the system one). A class, not a lambda: the
   * JVM's first lambda sets up method handles for a dozen milliseconds, and the read is started
   * before any other has run.
   */
  private static final class UserConfig implements Callable<StoredConfig> {
    /**
     * JGit's own order, with git's two processes run beside JGit's configuration set-up (its
     * file-store attributes and message bundle) instead of after it: once SystemReader and FS
     * are set up (so that no two threads initialise JGit's classes at once), a thread asks where
     * the system file is (FS caches the answer), while this one reads JGit's configuration; then
     * the user configuration is read as before. Not with GIT_CONFIG_NOSYSTEM, where JGit asks no
     * process (SystemReader.Default.openSystemConfig).
     */
    @Override
    public StoredConfig call() throws Exception {
      SystemReader reader = SystemReader.getInstance();
      FS fs = FS.DETECTED;
      FutureTask<File> system = null;
      if (StringUtils.isEmptyOrNull(reader.getenv("GIT_CONFIG_NOSYSTEM"))) {
        system = new FutureTask<>(new SystemConfigLookup(fs));
        Thread thread = new Thread(system, "git-system-config");
        thread.setDaemon(true);
        try {
          thread.start();
        } catch (OutOfMemoryError e) {
          system = null; // no thread to be had: JGit asks git below, in its own order
        }
      }
      reader.getJGitConfig();
      if (system != null) {
        try {
          system.get();
        } catch (ExecutionException e) {
          // FS did not keep an answer: the read below asks again, and reports what is wrong
        }
      }
      return reader.getUserConfig();
    }
  }

  /**
   * {@code read}, with {@link GitNoSavedMeasurements} in JGit's place first, on the read's own
   * thread: a reader put there after the read would read the configuration again, and the
   * preload would be lost.
   */
  private static final class NoSavedMeasurements implements Callable<StoredConfig> {
    private final Callable<StoredConfig> read;

    NoSavedMeasurements(Callable<StoredConfig> read) {
      this.read = read;
    }

    @Override
    public StoredConfig call() throws Exception {
      GitNoSavedMeasurements.install();
      return read.call();
    }
  }

  /** Where git's system configuration is: JGit asks git, two processes (FS.discoverGitSystemConfig). */
  private static final class SystemConfigLookup implements Callable<File> {
    private final FS fs;

    SystemConfigLookup(FS fs) {
      this.fs = fs;
    }

    @Override
    public File call() {
      return fs.getGitSystemConfig();
    }
  }

  private final Callable<StoredConfig> read;
  private volatile FutureTask<StoredConfig> reading;

  GitConfigPreload(Callable<StoredConfig> read) {
    this.read = read;
  }

  /** Starts the JVM's read, once (a daemon thread: it never keeps a finished command alive). */
  public static void start() {
    installGlobalConfig();
    jvm.begin();
  }

  /**
   * Waits for the JVM's read, when one was started; the user configuration it read, or null
   * when none was started or it failed.
   */
  public static StoredConfig await() {
    installGlobalConfig();
    GitConfigPreload preload = jvm;
    if (preload.reading == null) {
      GitNoSavedMeasurements.install(); // no read started: in place before the open reads anything
    }
    return preload.end();
  }

  /**
   * {@link GitGlobalConfig}, when {@code GIT_CONFIG_GLOBAL} is set. Asked here, not of
   * GitGlobalConfig: that class is a SystemReader, so calling it sets up JGit's SystemReader (a
   * service look-up over the class path, SHA-1's provider: ~25 ms) on the calling thread, which
   * for {@link #start} is the main thread before the read's own thread has started (StartupIT).
   */
  private static void installGlobalConfig() {
    Map<String, String> env = System.getenv();
    if (env.get(GitGlobalConfig.VARIABLE) != null) {
      GitGlobalConfig.install(env);
    }
  }

  /**
   * Puts {@code preload} where the JVM's read is, for {@link #start} and {@link #await}; returns
   * the one it replaced. For tests: a read they hold shows what waits for it.
   */
  static synchronized GitConfigPreload replaceJvmRead(GitConfigPreload preload) {
    GitConfigPreload replaced = jvm;
    jvm = preload;
    return replaced;
  }

  /**
   * Starts the read on a new daemon thread and returns that thread; null when it had started
   * already, or the JVM could not start a thread.
   */
  synchronized Thread begin() {
    if (reading != null) {
      return null;
    }
    FutureTask<StoredConfig> task = new FutureTask<>(new NoSavedMeasurements(read));
    Thread thread = new Thread(task, "git-config-preload");
    thread.setDaemon(true);
    try {
      thread.start();
    } catch (OutOfMemoryError e) {
      return null; // "unable to create native thread" (a process limit): the open reads it itself
    }
    reading = task;
    return thread;
  }

  /**
   * Waits for a started read; what it read, or null when none was started, it failed, or the
   * wait was interrupted (the interrupt is kept).
   */
  StoredConfig end() {
    FutureTask<StoredConfig> task = reading;
    if (task == null) {
      return null;
    }
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      return null;
    }
  }
}
