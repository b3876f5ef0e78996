package org.parley.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.parley.conversation.ConversationService;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files in conversations (docs/files.md): an upload is streamed to a private temp file within the byte limit (never
 * held in memory), its type decided from its bytes ({@link FileInspector}), stored in the {@link FileStore}, then
 * recorded as pending; the message path attaches it ({@link FileAttachments}). Every read is authorised through
 * file → conversation → caller, or by a signed link.
 */
public final class FileService {
    private static final Logger log = LoggerFactory.getLogger(FileService.class);
    private static final int COPY_BUFFER = 64 * 1024;
    /** How long stored bytes may wait for their row before the janitor takes them for a crash's leftovers. */
    static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    /** An authorised read: the row, which variant, and its bytes (the caller closes them). */
    public record Download(StoredFile file, boolean thumbnail, InputStream body) {
        public String contentType() {
            return thumbnail ? file.thumbnailType() : file.contentType();
        }
    }

    /** A plain URL for a browser that cannot send credentials, and when it stops working (epoch ms). */
    public record SignedLink(String url, long expiresAt) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final FileStore store;
    private final FileInspector inspector;
    private final FileLimits limits;
    private final FileLinks links;
    private final Path tempRoot;
    private final ConversationService conversations;
    private final String baseUrl;

    FileService(Database db, Ids ids, Clock clock, FileStore store, FileInspector inspector, FileLimits limits,
                FileLinks links, Path tempRoot, ConversationService conversations, String baseUrl) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.store = store;
        this.inspector = inspector;
        this.limits = limits;
        this.links = links;
        this.tempRoot = tempRoot;
        this.conversations = conversations;
        this.baseUrl = baseUrl;
    }

    public static FileService create(Database db, Ids ids, Clock clock, java.security.SecureRandom random, FileStore store,
                                     FileLimits limits, Path tempRoot, ConversationService conversations, String baseUrl) {
        try {
            Files.createDirectories(tempRoot);
            // Uploads under way when the process died (kill -9, power loss) left their temp directories: no request
            // owns them any more. Each node has its own data directory.
            try (Stream<Path> stale = Files.list(tempRoot)) {
                stale.filter(p -> p.getFileName().toString().startsWith("upload-")).forEach(FileService::deleteTree);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload directory " + tempRoot, e);
        }
        return new FileService(db, ids, clock, store, new FileInspector(), limits,
                FileLinks.loadOrCreate(db, clock, random), tempRoot, conversations, baseUrl);
    }

    public FileLimits limits() {
        return limits;
    }

    /**
     * Stores an upload as a pending file of the caller. {@code declaredLength} is the request's Content-Length (-1 when
     * chunked): a body declared too large is refused before a byte is read; one that turns out too large while
     * streaming is cut at the limit. Either way nothing is left behind.
     */
    public StoredFile upload(Principal principal, String rawName, InputStream body, long declaredLength) {
        Uploader uploader = Uploader.of(principal);
        String name = FileNames.clean(rawName);
        String workspaceId = principal.workspaceId();
        if (declaredLength > limits.maxFileBytes()) {
            throw tooLarge();
        }
        long used = db.read(h -> FileRepository.usage(h, workspaceId));
        if (used + Math.max(declaredLength, 0) > limits.workspaceQuotaBytes()) {
            throw quotaReached();
        }
        Path work = null;
        try {
            work = Files.createTempDirectory(tempRoot, "upload-");
            Path upload = work.resolve("upload");
            long size = receive(body, upload);
            if (size == 0) {
                throw ApiError.badRequest("The file is empty");
            }
            if (used + size > limits.workspaceQuotaBytes()) {
                throw quotaReached();
            }
            Inspected inspected = inspector.inspect(upload, name, work);
            return store(principal, uploader, FileNames.withExtension(name, inspected.extension()), inspected);
        } catch (StoreFailed e) {
            log.warn("file store: an upload could not be stored: {}", e.getCause().getMessage());
            throw new ApiError(503, "storage_unavailable", "The file store is not reachable; nothing was stored, try again");
        } catch (IOException e) {
            throw new ApiError(400, "upload_failed", "The upload did not arrive whole; send it again");
        } finally {
            deleteTree(work);
        }
    }

    private long receive(InputStream body, Path upload) throws IOException {
        long max = limits.maxFileBytes();
        long total = 0;
        try (OutputStream out = Files.newOutputStream(upload)) {
            byte[] buffer = new byte[COPY_BUFFER];
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > max) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** The store failed (not the client): a 503, where a broken upload is a 400. */
    private static final class StoreFailed extends IOException {
        StoreFailed(IOException cause) {
            super(cause);
        }
    }

    private StoredFile store(Principal principal, Uploader uploader, String name, Inspected inspected) throws IOException {
        String id = ids.newToken("f_");
        String key = principal.workspaceId() + "/" + id;
        StoredFile file = new StoredFile(id, principal.workspaceId(), uploader.type(), uploader.id(), null, null, false,
                name, inspected.contentType(), inspected.kind(), inspected.size(), inspected.width(), inspected.height(),
                inspected.thumbnail() == null ? null : inspected.thumbnailType(), key, sha256(inspected.body()),
                clock.millis(), null, null);
        // The bytes' deletion is queued first, due after a grace period, and unqueued with the row's insert: a crash
        // between storing the bytes and the row leaves bytes no row points at, which the janitor deletes later.
        long due = file.createdAt() + ORPHAN_GRACE.toMillis();
        db.write(principal.workspaceId(), h -> {
            FileRepository.queuePurge(h, principal.workspaceId(), key, due);
            FileRepository.queuePurge(h, principal.workspaceId(), file.thumbnailKey(), due);
            return null;
        });
        try {
            store.put(key, inspected.body(), inspected.contentType());
            if (inspected.thumbnail() != null) {
                store.put(file.thumbnailKey(), inspected.thumbnail(), inspected.thumbnailType());
            }
        } catch (IOException e) {
            forget(file);
            throw new StoreFailed(e);
        }
        try {
            db.write(principal.workspaceId(), h -> {
                // Checked again where the row is written: a workspace's writes are serialised, so uploads racing
                // each other cannot pass the quota together (the checks before receiving are only early answers).
                if (FileRepository.usage(h, principal.workspaceId()) + file.size() > limits.workspaceQuotaBytes()) {
                    throw quotaReached();
                }
                FileRepository.insert(h, file);
                FileRepository.purged(h, key);
                FileRepository.purged(h, file.thumbnailKey());
                return file;
            });
        } catch (RuntimeException e) {
            forget(file);
            throw e;
        }
        return file;
    }

    /** Best effort removal of bytes no row points at (a failed upload); the janitor's sweep is the backstop. */
    private void forget(StoredFile file) {
        try {
            store.delete(file.storageKey());
            store.delete(file.thumbnailKey());
        } catch (IOException e) {
            log.warn("file {}: could not remove the bytes of a failed upload: {}", file.id(), e.getMessage());
        }
    }

    /** The file or its thumbnail, if the caller may read it; 404 otherwise, 410 when retention removed it. */
    public Download open(Principal principal, String fileId, boolean thumbnail) {
        return read(requireReadable(principal, fileId), thumbnail);
    }

    private StoredFile requireReadable(Principal principal, String fileId) {
        return (fileId == null || fileId.length() > 80 ? Optional.<StoredFile>empty()
                : db.read(h -> FileRepository.find(h, principal.workspaceId(), fileId)))
                .filter(f -> mayRead(principal, f))
                .orElseThrow(() -> ApiError.notFound("File"));
    }

    /** The file behind a signed link, if its signature holds and it has not expired. */
    public Download openSigned(String fileId, boolean thumbnail, long expires, String signature) {
        if (fileId == null || fileId.length() > 80 || !links.verify(fileId, thumbnail, expires, signature)) {
            throw ApiError.notFound("File");
        }
        if (clock.millis() / 1000 > expires) {
            throw new ApiError(410, "link_expired", "This link has expired; open the conversation to see the file");
        }
        StoredFile file = db.read(h -> FileRepository.findById(h, fileId)).orElseThrow(() -> ApiError.notFound("File"));
        return read(file, thumbnail);
    }

    /** The bytes of a file of the workspace for a contact's export (the caller, an admin, was authorised); empty when gone. */
    public Optional<InputStream> openForExport(String workspaceId, String fileId) throws IOException {
        Optional<StoredFile> file = db.read(h -> FileRepository.find(h, workspaceId, fileId));
        return file.isEmpty() || file.get().removedAt() != null ? Optional.empty() : store.open(file.get().storageKey());
    }

    /** A signed link for the caller to a file it may read, valid for {@code FileLimits.linkTtl}. */
    public SignedLink link(Principal principal, String fileId, boolean thumbnail) {
        StoredFile file = requireReadable(principal, fileId);
        if (thumbnail && file.thumbnailType() == null) {
            throw ApiError.notFound("Thumbnail");
        }
        return signedLink(fileId, thumbnail, limits.linkTtl());
    }

    /** A signed link made by the server itself (an email about a message with this file). */
    public SignedLink signedLink(String fileId, boolean thumbnail, Duration ttl) {
        long expires = (clock.millis() + ttl.toMillis()) / 1000;
        String url = baseUrl + "/api/v1/files/" + fileId + (thumbnail ? "/thumbnail" : "") + "?expires=" + expires
                + "&sig=" + links.sign(fileId, thumbnail, expires);
        return new SignedLink(url, expires * 1000);
    }

    /**
     * Checks a message's {@code attachments} field before its transaction: 1 to {@code maxFilesPerMessage} distinct ids.
     */
    public void validateIds(java.util.List<String> fileIds) {
        if (fileIds.isEmpty() || fileIds.size() > limits.maxFilesPerMessage()) {
            throw ApiError.badRequest("Field 'attachments' must hold 1-" + limits.maxFilesPerMessage() + " file ids");
        }
        if (fileIds.stream().anyMatch(id -> id == null || id.isBlank() || id.length() > 80)) {
            throw ApiError.badRequest("Field 'attachments' must hold file ids from an upload");
        }
        if (new java.util.HashSet<>(fileIds).size() != fileIds.size()) {
            throw ApiError.badRequest("Field 'attachments' names a file twice");
        }
    }

    /**
     * Attaches the caller's pending uploads to the message being written, on its transaction's handle, and returns
     * their wire shape in the order given. A file that is not the caller's pending upload in this workspace answers
     * 400 naming it (another's file, one already sent, a guessed id: alike), so the whole message is refused.
     */
    public java.util.List<FileJson> attach(org.jdbi.v3.core.Handle h, Principal principal, String conversationId,
                                           String messageId, boolean isPrivate, java.util.List<String> fileIds, long now) {
        Uploader uploader = Uploader.of(principal);
        java.util.Map<String, StoredFile> found = new java.util.HashMap<>();
        FileRepository.findAll(h, principal.workspaceId(), fileIds).forEach(f -> found.put(f.id(), f));
        java.util.List<FileJson> out = new java.util.ArrayList<>();
        long total = 0;
        for (String id : fileIds) {
            StoredFile file = found.get(id);
            if (file == null || !uploader.uploaded(file) || !file.pending() || file.removedAt() != null
                    || !FileRepository.attach(h, principal.workspaceId(), id, conversationId, messageId, isPrivate, now)) {
                throw ApiError.badRequest("Field 'attachments' names '" + id + "', which is not a file you uploaded "
                        + "and have not sent yet");
            }
            total += file.size();
            out.add(FileJson.of(file));
        }
        if (total > limits.maxMessageBytes()) {
            throw ApiError.tooLarge("The files of one message may be at most " + megabytes(limits.maxMessageBytes())
                    + " together");
        }
        return out;
    }

    private boolean mayRead(Principal principal, StoredFile file) {
        Uploader caller = principal instanceof VisitorPrincipal || principal instanceof AgentPrincipal
                ? Uploader.of(principal) : null;
        if (file.pending()) {
            return caller != null && caller.uploaded(file); // before it is sent, only its uploader sees it
        }
        return switch (principal) {
            case AgentPrincipal agent -> true; // the workspace is in the query
            case VisitorPrincipal visitor -> !file.isPrivate() && visitorSees(visitor, file.conversationId());
            default -> false;
        };
    }

    private boolean visitorSees(VisitorPrincipal visitor, String conversationId) {
        try {
            conversations.require(visitor, conversationId);
            return true;
        } catch (ApiError notTheirs) {
            return false;
        }
    }

    private Download read(StoredFile file, boolean thumbnail) {
        if (thumbnail && file.thumbnailType() == null) {
            throw ApiError.notFound("Thumbnail");
        }
        if (file.removedAt() != null) {
            throw new ApiError(410, "file_removed", "This file was removed under the workspace's retention setting");
        }
        try {
            InputStream body = store.open(thumbnail ? file.thumbnailKey() : file.storageKey())
                    .orElseThrow(() -> new ApiError(410, "file_removed", "This file is no longer stored"));
            return new Download(file, thumbnail, body);
        } catch (IOException e) {
            log.warn("file {}: the store did not answer: {}", file.id(), e.getMessage());
            throw new ApiError(503, "storage_unavailable", "The file store is not reachable; try again shortly");
        }
    }

    private ApiError tooLarge() {
        return ApiError.tooLarge("A file may be at most " + megabytes(limits.maxFileBytes()) + "; nothing was stored");
    }

    private ApiError quotaReached() {
        return new ApiError(413, "quota_exceeded", "This workspace has used its " + megabytes(limits.workspaceQuotaBytes())
                + " of file space; nothing was stored");
    }

    static String megabytes(long bytes) {
        return bytes >= (1L << 30) && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GB" : (bytes >> 20) + " MB";
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove the upload directory {}: {}", root, e.getMessage());
        }
    }
}
