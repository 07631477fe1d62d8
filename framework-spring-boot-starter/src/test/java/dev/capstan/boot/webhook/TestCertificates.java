package dev.capstan.boot.webhook;

/**
 * Two self-signed EC P-256 serving certificates for 127.0.0.1 and localhost, valid until 2126,
 * with their keys: throwaway test material made with openssl for these tests only.
 */
final class TestCertificates {
    private TestCertificates() {}

    static final String A_CERTIFICATE = "-----BEGIN CERTIFICATE-----" + "\n"
            + "MIIB2DCCAX+gAwIBAgIUINsZggRzV98d8GVIKgPbREOR61AwCgYIKoZIzj0EAwIw" + "\n"
            + "ITEfMB0GA1UEAwwWY2Fwc3Rhbi13ZWJob29rLXRlc3QtYTAgFw0yNjExMjgwMzI3" + "\n"
            + "NDRaGA8yMTI2MTEwNDAzMjc0NFowITEfMB0GA1UEAwwWY2Fwc3Rhbi13ZWJob29r" + "\n"
            + "LXRlc3QtYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCGOVWy61mfLCttFlfC3" + "\n"
            + "J73rMTPn73nEpwfhoLTY1GeUOOWSEI7zWOxRGa2V6UV9rgMRYZ6EArGbetF22Ts8" + "\n"
            + "3cejgZIwgY8wHQYDVR0OBBYEFJM95REM0eePwDSFtnelnlnS/oLuMB8GA1UdIwQY" + "\n"
            + "MBaAFJM95REM0eePwDSFtnelnlnS/oLuMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2Fs" + "\n"
            + "aG9zdDAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggr" + "\n"
            + "BgEFBQcDATAKBggqhkjOPQQDAgNHADBEAiBpvJg2/l6EeRB/ASB/jLD96N6v2j5c" + "\n"
            + "9oZtXnwmcfssiwIgOMQvp3nJlKDpPX10k2qywZ4021ANbDs0LjTD0KTTwV4=" + "\n"
            + "-----END CERTIFICATE-----" + "\n";

    static final String A_KEY = "-----BEGIN PRIVATE KEY-----" + "\n"
            + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2AMuXq9Y8dVtQR4k" + "\n"
            + "xVNjwioiX2hfbXpLqTfnS3MwvTOhRANCAAQhjlVsutZnywrbRZXwtye96zEz5+95" + "\n"
            + "xKcH4aC02NRnlDjlkhCO81jsURmtlelFfa4DEWGehAKxm3rRdtk7PN3H" + "\n"
            + "-----END PRIVATE KEY-----" + "\n";

    static final String B_CERTIFICATE = "-----BEGIN CERTIFICATE-----" + "\n"
            + "MIIB2TCCAX+gAwIBAgIUJj1DGq08KOFGU47en59EBrA7fScwCgYIKoZIzj0EAwIw" + "\n"
            + "ITEfMB0GA1UEAwwWY2Fwc3Rhbi13ZWJob29rLXRlc3QtYjAgFw0yNjExMjgwMzI3" + "\n"
            + "NDRaGA8yMTI2MTEwNDAzMjc0NFowITEfMB0GA1UEAwwWY2Fwc3Rhbi13ZWJob29r" + "\n"
            + "LXRlc3QtYjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFlkHpgg9ozEMdD/Cd+/" + "\n"
            + "EfldWN3GXaNIT6Tm5D0lOXksleL0xpxtnfjjArcR5ZjHwDNir1AxbKrxZSw9tBFN" + "\n"
            + "o6ejgZIwgY8wHQYDVR0OBBYEFFCjBiei25BH6GQeafWMB1qggrFWMB8GA1UdIwQY" + "\n"
            + "MBaAFFCjBiei25BH6GQeafWMB1qggrFWMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2Fs" + "\n"
            + "aG9zdDAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggr" + "\n"
            + "BgEFBQcDATAKBggqhkjOPQQDAgNIADBFAiBTVl9wuksQ7tRnienahvi4rGBNQHRq" + "\n"
            + "auBsXc7rF2ZHhAIhALyVqjq8vqYYjkffatZHky3u8D4ciXxa39cl8E9uAISC" + "\n"
            + "-----END CERTIFICATE-----" + "\n";

    static final String B_KEY = "-----BEGIN PRIVATE KEY-----" + "\n"
            + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgR42BzsgAcwJr/pG9" + "\n"
            + "zz58K46Obgd2KeVIzP+/mXWitWqhRANCAARZZB6YIPaMxDHQ/wnfvxH5XVjdxl2j" + "\n"
            + "SE+k5uQ9JTl5LJXi9MacbZ344wK3EeWYx8AzYq9QMWyq8WUsPbQRTaOn" + "\n"
            + "-----END PRIVATE KEY-----" + "\n";
}
