/**
 * How a device is kept up to date, as data (the "update design"): the security service's device
 * groups, OS feeds and update policies, the three update kinds, how often the device checks, how long
 * an app may defer, how update metadata is signed and how fresh it must be, how the flash is laid out
 * for staging, when anti-rollback counters move, and how failures are kept and reported.
 * The update emulator (emulator/update/) runs it; the renewable-security and failure-reporting
 * properties decide it. Schema: model/schema/update.schema.json; default: model/designs/azure-sphere-update.json.
 */

export type UpdateKind = 'prerequisite' | 'os' | 'app';

/**
 * The failures a device's failure log may record: the app kinds the compartmentalization emulator raises
 * (a crash, an exit, each kind of denial) and the OS's own (a reboot, a boot that fails verification, an
 * attestation or update failure, a power cut). The log's own marker for events it counted instead of
 * storing ('events-dropped') is not one of them: failureReporting.droppedEvents governs it.
 */
export const FAILURE_LOG_KINDS = [
  'app-crash',
  'app-exit',
  'firewall-denial',
  'capability-denial',
  'channel-denial',
  'network-denial',
  'storage-denial',
  'storage-quota',
  'no-such-resource',
  'device-reboot',
  'boot-verification-failure',
  'attestation-failure',
  'update-failure',
  'power-cut',
] as const;
export type FailureLogKind = (typeof FAILURE_LOG_KINDS)[number];

/** The kinds an app can cause (the compartmentalization emulator raises them); the rest are the OS's own. */
export const APP_FAILURE_KINDS: readonly FailureLogKind[] = ['app-crash', 'app-exit', 'firewall-denial', 'capability-denial', 'channel-denial', 'network-denial', 'storage-denial', 'storage-quota', 'no-such-resource'];

/** Apps whose failures the log may record, by the core they run on. */
export type AppClass = 'high-level' | 'real-time';

/** Who may take events out of the log: the security service once it has them, or an app. */
export type LogEraser = 'security-service' | 'apps';

/** The failure log's recording policy, as a design states it (absent in a file: Azure Sphere's, see model/update/failure-log-policy.ts). */
export interface FailureLogPolicy {
  /** The failure kinds the log records; a failure of another kind is never logged. */
  recordedKinds: FailureLogKind[];
  /** Apps whose failures the log records (Azure Sphere: high-level only; no error data from real-time apps, DOC-ERR). */
  recordedApps: AppClass[];
  /** recorded: events counted over a capacity leave an 'events-dropped' marker and a count in the next report; silent: nothing tells the service (a flaw). */
  droppedEvents: 'recorded' | 'silent';
  /** Who may erase events from the log: 'security-service' (what it acknowledged after upload), 'apps' (any app, a flaw). */
  erasableBy: LogEraser[];
}
export const UPDATE_KINDS: readonly UpdateKind[] = ['prerequisite', 'os', 'app'];

/** Azure Sphere OS feeds (REST OsFeedType 0 and 1). */
export type OsFeedId = 'Retail' | 'RetailEval';

/** Azure Sphere update policies (REST UpdatePolicy 0 and 1; the legacy CLI also had NoUpdates). */
export type UpdatePolicy = 'UpdateAll' | 'No3rdPartyAppUpdates' | 'NoUpdates';

export interface OsFeed {
  id: OsFeedId;
  /** The REST enum value. */
  osFeedType: 0 | 1;
  /** Days before Retail that an OS reaches this feed (RetailEval: 14). */
  leadDays: number;
  description?: string;
}

export interface DeviceGroup {
  /** Unique per product, at most 50 characters. */
  name: string;
  osFeed: OsFeedId;
  updatePolicy: UpdatePolicy;
  /**
   * Devices in this group hold the appDevelopment capability: they accept development-signed
   * (sideloaded) images. Cloud app deployments require it to be absent.
   */
  appDevelopmentCapability: boolean;
  /**
   * What the group's devices are for: development (developers' devices, where sideloaded and development-signed
   * images are the point), test or production (fielded devices, where they are a flaw). Left out: not stated; the
   * verdicts that would exempt a development group are unknown, naming this field. Never read from the group's name.
   */
  stage?: 'development' | 'test' | 'production';
  description?: string;
}

export interface UpdateKindSpec {
  kind: UpdateKind;
  name: string;
  /** Applied in this order within one update check (prerequisite before OS before apps). */
  order: number;
  /** Platform component ids (boot-stage images) or asset ids (the trusted key store) this kind replaces. */
  contents: string[];
}

export interface UpdateDesign {
  schemaVersion: 1;
  name: string;
  description?: string;
  feeds: OsFeed[];
  deviceGroups: DeviceGroup[];
  updateKinds: UpdateKindSpec[];
  checks: {
    /** Check on the first connection after power-on or reset. */
    onConnect: boolean;
    /** The shortest interval between periodic checks (Azure Sphere: 20 h). */
    intervalHours: number;
    /** The longest (a 2021 answer says 24 h). */
    maxIntervalHours: number;
  };
  deferral: {
    /** Capabilities an app needs to defer (both). */
    requiredCapabilities: string[];
    /** Counted from when the device learns of the update; null: no bound (a flaw). */
    maxHours: number | null;
    /**
     * When the window starts. first-notice (absent: the same): when the device first learnt that the kind was out
     * of date; a newer release of the kind while it defers does not restart it. each-release: every newer release
     * of the kind restarts it (a flaw: a vendor publishing, or an app update stream arriving, more often than
     * maxHours keeps the device on the old software for ever). Read through deferralWindowKey (policy.ts).
     */
    countedFrom?: 'first-notice' | 'each-release';
  };
  metadata: {
    /** Online metadata-signing keys the device trusts, and how many must sign. */
    keys: number;
    threshold: number;
    /** Metadata older than this is stale: the device refuses it and reports it. null: never expires (a flaw). */
    expiresAfterHours: number | null;
    /** The device reads at most this many bytes of metadata. */
    maxBytes: number;
    /**
     * Sequence numbers are issue times (SUIT REQ.SEC.SEQUENCE allows UTC seconds), and the device refuses
     * a document issued more than this far in its future: whoever steals the online key can then move
     * the trusted sequence at most this far ahead, never to 2^32 − 1 (a fast-forward that would lock out
     * every later genuine document).
     */
    maxClockSkewSeconds: number;
    /**
     * What ties a target the metadata lists to the bytes the device installs. sha256: each target's SHA-256 (and
     * length), as TUF's targets metadata and SUIT's image digest do; an image another than the one listed is refused
     * whoever signed it. version: the target's component and security version only (a flaw): whoever serves the
     * download swaps in any image the device's own boot accepts at that version, so a thief of an image-signing key
     * (not yet revoked) with no metadata key installs its image under the vendor's genuine metadata: the two keys of
     * an update become one. Left out: not stated, so whether an image key alone installs is unknown (the rule:
     * model/update/target-binding.ts; the emulator's reading: emulator/update/installer.ts).
     */
    targetBinding?: 'sha256' | 'version';
    /**
     * How the online metadata keys are replaced after a compromise. offline-root: a key set document signed by an
     * offline root key the device was provisioned with names the new keys; the device trusts them, and no others, from
     * then on (TUF's root role). none: the factory's keys are the only ones the device ever trusts (a flaw: a thief of
     * the online keys signs fresh metadata listing old images for ever, and the device neither updates nor reports a
     * freeze). Left out: not stated (the rule: model/update/metadata-key-rotation.ts; the emulator's reading:
     * emulator/update/metadata-key-rotation.ts, played by tuf/key-compromise).
     */
    keyRotation?: 'offline-root' | 'none';
  };
  download: {
    /** A download that takes longer is abandoned (slow retrieval). */
    timeoutSeconds: number;
    /** The device never reads more than the metadata's length, and never more than this. */
    maxImageBytes: number;
  };
  slots: {
    /** ab: stage into the bank that is not running, then switch; single: overwrite the running images in place. */
    layout: 'ab' | 'single';
    /** other-bank: a bank that does not boot falls back to the other; none: it stays down. */
    recovery: 'other-bank' | 'none';
    /** Bytes per flash program operation (one WriteBlockToStageImage call). */
    writeBlockBytes: number;
  };
  /**
   * Whether the device authenticates the time it synchronises its clock from: the update client judges metadata
   * expiry (freeze) by that clock. unauthenticated: a network attacker answers the time sync, sets the clock back
   * and a replayed document never expires (a flaw). Absent: not stated, so freeze detection cannot be decided
   * (model/update/clock.ts). The built-in design leaves it out: the facts file does not say whether Azure
   * Sphere's time sync is authenticated.
   */
  timeSync?: 'authenticated' | 'unauthenticated';
  /**
   * A recovery path besides the update client (recovery mode: an image set written over a recovery UART or USB and
   * booted, `azsphere device recover`). Absent: the design states none. versionCheck 'anti-rollback': the path refuses
   * an image whose security version is below its counter (a stage's, or the key store's); 'none': it writes and boots the set without
   * comparing (a flaw: the vendor's older release runs again); left out: not stated, so whether a revoked release stays
   * revoked is unknown. The rule: model/update/recovery-flashing.ts.
   */
  recoveryFlashing?: { versionCheck?: 'anti-rollback' | 'none' };
  antiRollback: {
    /** after-verified-boot: the boot raises a counter once the image verified; before-verification: the installer raises it for a downloaded image before checking it (a flaw). */
    counterRaised: 'after-verified-boot' | 'before-verification';
    /**
     * When the installer raises the counter of a key store it compares at update (the platform's
     * signedImage.rollback.checkedAt has "update"), relative to switching the boot to the staged bank. Left out: not
     * stated; unknown where the order decides what a power cut between the two leaves (model/update/key-store-counter-order.ts).
     */
    keyStoreCounterRaised?: 'before-switch' | 'after-switch';
  };
  /** The recording policy as the file states it: read it through logPolicyOf (failure-log-policy.ts), which fills what is left out. */
  failureReporting: Partial<FailureLogPolicy> & {
    /** flash: the log survives reboots and power cuts; ram: it does not (a flaw). */
    persistence: 'flash' | 'ram';
    /** Azure Sphere: at most 1,000 events per report. */
    maxEventsPerReport: number;
    /** Azure Sphere: a report covers at most 14 days. */
    maxReportDays: number;
    /** Events of the OS itself (boot, update, attestation, power) kept until uploaded. */
    systemEventCapacity: number;
    /** Events per app kept until uploaded; more are counted, not stored, so one app cannot push out the others. */
    eventsPerAppCapacity: number;
    /** Events kept in all, whatever their source, until uploaded; more are counted, not stored (the log's flash area is finite). */
    totalEventCapacity: number;
  };
}
