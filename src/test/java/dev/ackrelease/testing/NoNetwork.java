package dev.ackrelease.testing;

import java.net.SocketPermission;
import java.security.Permission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * While installed, the JVM may open and resolve only loopback addresses: a connection to or a name
 * look-up of any other host throws a {@link SecurityException} whose message starts with
 * {@link #MARK}, and the host is recorded. For a test that must not reach the network even when
 * an input it generates happens to be a valid host name. Java 17 still lets a test install a
 * security manager (with a warning on stderr); from Java 18 the JVM needs
 * {@code -Djava.security.manager=allow}, without which {@link #install} throws and the test
 * using it fails rather than run unguarded. Nothing but sockets is checked.
 */
@SuppressWarnings("removal")
public final class NoNetwork extends SecurityManager implements AutoCloseable {

  public static final String MARK = "no network in this test: ";

  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final SecurityManager before;

  private NoNetwork() {
    this.before = System.getSecurityManager();
  }

  /** Installs the guard; {@link #close} removes it. */
  public static NoNetwork install() {
    NoNetwork guard = new NoNetwork();
    System.setSecurityManager(guard);
    return guard;
  }

  /** The hosts something tried to reach. */
  public Set<String> refused() {
    return Set.copyOf(refused);
  }

  @Override
  public void checkPermission(Permission permission) {
    if (permission instanceof SocketPermission && !loopback(permission.getName())) {
      refused.add(permission.getName());
      throw new SecurityException(MARK + permission.getName() + " (" + permission.getActions() + ")");
    }
  }

  @Override
  public void checkPermission(Permission permission, Object context) {
    checkPermission(permission);
  }

  // Files are not checked: SecurityManager's own checks of a file build a FilePermission (which
  // resolves and normalizes the path) for every access, only for checkPermission to let it pass.
  // A tenth of InputSweepTest's profile samples were there.

  @Override
  public void checkRead(String file) {}

  @Override
  public void checkRead(String file, Object context) {}

  @Override
  public void checkWrite(String file) {}

  @Override
  public void checkDelete(String file) {}

  @Override
  public void checkExec(String cmd) {}

  static boolean loopback(String name) {
    String host = name.startsWith("[") ? name.substring(1, Math.max(1, name.indexOf(']'))) : name.replaceFirst(":[0-9*-]*$", "");
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
        || host.isEmpty();
  }

  @Override
  public void close() {
    System.setSecurityManager(before);
  }
}
