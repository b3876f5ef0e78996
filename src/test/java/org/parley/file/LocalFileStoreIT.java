package org.parley.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract on the local disk, plus what only a disk can get wrong: partial files and temporary leftovers. */
class LocalFileStoreIT extends FileStoreContract {
    private Path root;
    private LocalFileStore store;

    @BeforeEach
    void newStore() {
        root = work.resolve("files");
        store = new LocalFileStore(root);
    }

    @Override
    protected FileStore store() {
        return store;
    }

    @Test
    void aPutWhoseSourceFailsMidwayLeavesNoFileAndNoTemporaryFile() throws IOException {
        String kept = key(workspace(), fileId());
        store.put(kept, file("kept"), "text/plain");
        String failed = key(workspace(), fileId());

        assertThatThrownBy(() -> store.put(failed, FailingSource.after(1024 * 1024), "application/pdf"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("source failed");

        assertThat(store.open(failed)).isEmpty();
        assertThat(filesUnder(root)).containsExactly(root.resolve(kept));
    }

    @Test
    void aPutFromAMissingSourceLeavesNoTemporaryFile() {
        String key = key(workspace(), fileId());

        assertThatThrownBy(() -> store.put(key, work.resolve("never-written"), "text/plain"))
                .isInstanceOf(IOException.class);

        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void aRefusedKeyCreatesNothingOnDisk() throws IOException {
        Path source = file("x");

        assertThatThrownBy(() -> store.put("../escaped", source, "text/plain"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(work.resolve("escaped")).doesNotExist();
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void whatACrashLeftMidPutIsRemovedWhenTheStoreOpensAgain() throws IOException {
        String kept = key(workspace(), fileId());
        store.put(kept, file("kept"), "text/plain");
        Path leftover = Files.writeString(root.resolve(".tmp").resolve(".put-123.tmp"), "half a file");

        LocalFileStore reopened = new LocalFileStore(root);

        assertThat(leftover).doesNotExist();
        assertThat(filesUnder(root)).containsExactly(root.resolve(kept));
        assertThat(reopened.open(kept)).isPresent();
    }

    private static List<Path> filesUnder(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A source file that yields some bytes, then fails like a disk error: a file system of its own whose only
     * working operation is {@link Files#newInputStream}, the one the store reads a source with.
     */
    private static final class FailingSource extends FileSystemProvider {
        private final long goodBytes;

        private FailingSource(long goodBytes) {
            this.goodBytes = goodBytes;
        }

        static Path after(long goodBytes) {
            FileSystem fileSystem = new OneProviderFileSystem(new FailingSource(goodBytes));
            return (Path) Proxy.newProxyInstance(Path.class.getClassLoader(), new Class<?>[] {Path.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getFileSystem" -> fileSystem;
                        case "toString" -> "failing-source";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public InputStream newInputStream(Path path, OpenOption... options) {
            return new InputStream() {
                private long served;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (served >= goodBytes) {
                        throw new IOException("source failed after " + served + " bytes");
                    }
                    int n = (int) Math.min(len, goodBytes - served);
                    Arrays.fill(b, off, off + n, (byte) 'x');
                    served += n;
                    return n;
                }
            };
        }

        @Override public String getScheme() { return "failing"; }
        @Override public FileSystem newFileSystem(URI uri, Map<String, ?> env) { throw unsupported(); }
        @Override public FileSystem getFileSystem(URI uri) { throw unsupported(); }
        @Override public Path getPath(URI uri) { throw unsupported(); }
        @Override public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                                            FileAttribute<?>... attrs) { throw unsupported(); }
        @Override public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> f) {
            throw unsupported();
        }
        @Override public void createDirectory(Path dir, FileAttribute<?>... attrs) { throw unsupported(); }
        @Override public void delete(Path path) { throw unsupported(); }
        @Override public void copy(Path source, Path target, CopyOption... options) { throw unsupported(); }
        @Override public void move(Path source, Path target, CopyOption... options) { throw unsupported(); }
        @Override public boolean isSameFile(Path path, Path path2) { throw unsupported(); }
        @Override public boolean isHidden(Path path) { throw unsupported(); }
        @Override public java.nio.file.FileStore getFileStore(Path path) { throw unsupported(); }
        @Override public void checkAccess(Path path, AccessMode... modes) { throw unsupported(); }
        @Override public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
                                                                              LinkOption... options) {
            throw unsupported();
        }
        @Override public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type,
                                                                          LinkOption... options) {
            throw unsupported();
        }
        @Override public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) {
            throw unsupported();
        }
        @Override public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
            throw unsupported();
        }
    }

    /** The file system of {@link FailingSource}: it only names its provider. */
    private static final class OneProviderFileSystem extends FileSystem {
        private final FileSystemProvider provider;

        OneProviderFileSystem(FileSystemProvider provider) {
            this.provider = provider;
        }

        @Override public FileSystemProvider provider() { return provider; }
        @Override public void close() { }
        @Override public boolean isOpen() { return true; }
        @Override public boolean isReadOnly() { return true; }
        @Override public String getSeparator() { return "/"; }
        @Override public Iterable<Path> getRootDirectories() { throw unsupported(); }
        @Override public Iterable<java.nio.file.FileStore> getFileStores() { throw unsupported(); }
        @Override public Set<String> supportedFileAttributeViews() { return Set.of(); }
        @Override public Path getPath(String first, String... more) { throw unsupported(); }
        @Override public PathMatcher getPathMatcher(String syntaxAndPattern) { throw unsupported(); }
        @Override public UserPrincipalLookupService getUserPrincipalLookupService() { throw unsupported(); }
        @Override public WatchService newWatchService() { throw unsupported(); }
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("only newInputStream works on a failing source");
    }
}
