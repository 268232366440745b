/**
 * The fuzz lab's signing identities: P-256 keys and self-signed certificates made once with
 * createSelfSignedCertificate (keys derived from SHA-256 of a fixed label, validity 2025-2125). The lab key
 * re-signs images that the structure-aware mode builds, so that mutations reach the code behind the
 * signature check; the rogue key signs images that name the lab certificate but must not verify.
 * Test keys only: no device trusts them.
 */
export const LAB_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgGXhGe45LHYTVUZ6C
Yu90XXkFp7NjZ9S/C2OibbRDa9KhRANCAAS3f7oOfx0Rh/AoQ9NfoWFIUY/OHE8D
oxVhTOAozmSQAqiJMG37BVZgoq2QrYY6SmK2sBL8Qms3DaxO+awyjq00
-----END PRIVATE KEY-----
`;

/** Thumbprint 02aa1c2315a48bad59c13128fd0eea8bf16272c6. */
export const LAB_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBhzCCAS2gAwIBAgIQbW/DHsPPecCWUYWAXHI1JjAKBggqhkjOPQQDAjAkMSIw
IAYDVQQDExlTZXZlbmZvbGQgZnV6eiBsYWIgc2lnbmVyMCAXDTI1MDEwMTAwMDAw
MFoYDzIxMjUwMTAxMDAwMDAwWjAkMSIwIAYDVQQDExlTZXZlbmZvbGQgZnV6eiBs
YWIgc2lnbmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEt3+6Dn8dEYfwKEPT
X6FhSFGPzhxPA6MVYUzgKM5kkAKoiTBt+wVWYKKtkK2GOkpitrAS/EJrNw2sTvms
Mo6tNKM/MD0wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYE
FD71PZ2Yqc7EbO9Wpqu+8eZ5+lzdMAoGCCqGSM49BAMCA0gAMEUCIQCOO+Tvp3Pd
Mvlw1sCse50SbwShbXnFCvdB1my2GRKQ7AIgXp67Kj9FfKde+RC1UqXn8Rey0sho
OdO1eEgeKjBhO/o=
-----END CERTIFICATE-----
`;

export const ROGUE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggjWnWYR1NBpRDbwN
qCI+JUzWhUXZ1MOL35NjM97UlxChRANCAASaupMnbp9yqfitktyNXwYKOfgb/NUa
/7wOtazZuHi1SGnlGX6eO5rTvzYTp9aFmBvlG/oCq6aXfinctplxAE14
-----END PRIVATE KEY-----
`;

/** Thumbprint d2ced0e8054b2157ce450445b65a23f7981d4c36. */
export const ROGUE_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBijCCATGgAwIBAgIQa94zvTOMP3yOomtYMVR3mzAKBggqhkjOPQQDAjAmMSQw
IgYDVQQDExtTZXZlbmZvbGQgZnV6eiByb2d1ZSBzaWduZXIwIBcNMjUwMTAxMDAw
MDAwWhgPMjEyNTAxMDEwMDAwMDBaMCYxJDAiBgNVBAMTG1NldmVuZm9sZCBmdXp6
IHJvZ3VlIHNpZ25lcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJq6kydun3Kp
+K2S3I1fBgo5+Bv81Rr/vA61rNm4eLVIaeUZfp47mtO/NhOn1oWYG+Ub+gKrppd+
Kdy2mXEATXijPzA9MAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMB0GA1Ud
DgQWBBSID8EpfTZMZhUn0GXGQ4woGkexuTAKBggqhkjOPQQDAgNHADBEAiB+7/5N
yHjunixmdSpxzZs+JfFa+byCPe/H0guiRjSkDgIgey8HdRDGWzQjHtbRhpLFdrY3
lWG0MYSHS+u640NHoOI=
-----END CERTIFICATE-----
`;
