package passwd

import (
	"crypto/md5"  //nolint:gosec // verifying imported legacy hashes
	"crypto/sha1" //nolint:gosec // verifying imported legacy hashes
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strconv"
	"strings"
	"sync"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/pbkdf2"
	"golang.org/x/crypto/scrypt"
)

// Password hashing. Passwords the mock sets are stored as bcrypt hashes of
// the project's cost (defaultBcryptCost unless PUT /mock/password_policy
// sets bcrypt_cost); migrated hashes are stored as imported, with their
// parameters, and are replaced by a bcrypt hash on the first successful
// login.

// defaultBcryptCost is deliberately the lowest cost bcrypt allows, so that
// tests that log in many times stay fast. Stytch's own cost is not public.
const defaultBcryptCost = bcrypt.MinCost

// Hash types of passwords/migrate.
const (
	HashBcrypt   = "bcrypt"
	hashMD5      = "md_5"
	hashArgon2i  = "argon_2i"
	hashArgon2id = "argon_2id"
	hashSHA1     = "sha_1"
	hashSHA512   = "sha_512"
	hashScrypt   = "scrypt"
	hashPHPass   = "phpass"
	hashPBKDF2   = "pbkdf_2"
)

// HashTypes are the hash_type values password migrate accepts.
var HashTypes = []string{HashBcrypt, hashMD5, hashArgon2i, hashArgon2id, hashSHA1, hashSHA512, hashScrypt, hashPHPass, hashPBKDF2}

// StoredHash is a password hash with what verifying it needs. Key is the
// derived key for the key-derivation types; Hash is the hash string for
// bcrypt and phpass, and the hex digest for the salted digests.
type StoredHash struct {
	Type        string `json:"type"`
	Hash        string `json:"hash,omitempty"`
	Key         []byte `json:"key,omitempty"`
	Salt        []byte `json:"salt,omitempty"`
	PrependSalt string `json:"prepend_salt,omitempty"`
	AppendSalt  string `json:"append_salt,omitempty"`
	// Work parameters: scrypt N, r, p; argon2 time, memory (KiB), threads;
	// pbkdf2 iterations and HMAC algorithm.
	N          int    `json:"n,omitempty"`
	R          int    `json:"r,omitempty"`
	P          int    `json:"p,omitempty"`
	Iterations int    `json:"iterations,omitempty"`
	Memory     int    `json:"memory,omitempty"`
	Threads    int    `json:"threads,omitempty"`
	Algorithm  string `json:"algorithm,omitempty"`
}

// BcryptHash hashes a password the mock sets.
func BcryptHash(password string, cost int) (*StoredHash, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return nil, err
	}
	return &StoredHash{Type: HashBcrypt, Hash: string(h)}, nil
}

// dummyHashes are bcrypt hashes of a random string, one per cost, that
// authenticate checks the password against when there is no member, so
// that an unknown address costs the same work as a known one.
var dummyHashes sync.Map // cost -> []byte

// DummyVerify spends the work of a bcrypt check at cost, for a login
// whose member does not exist.
func DummyVerify(password string, cost int) {
	h, ok := dummyHashes.Load(cost)
	if !ok {
		b, err := bcrypt.GenerateFromPassword([]byte(ids.NewToken()), cost)
		if err != nil {
			return
		}
		h, _ = dummyHashes.LoadOrStore(cost, b)
	}
	_ = bcrypt.CompareHashAndPassword(h.([]byte), []byte(password))
}

// Verify reports whether password matches the hash, in constant time for
// the digest types.
func (h *StoredHash) Verify(password string) bool {
	pw := []byte(password)
	eq := func(a, b []byte) bool { return len(a) == len(b) && subtle.ConstantTimeCompare(a, b) == 1 }
	switch h.Type {
	case HashBcrypt:
		return bcrypt.CompareHashAndPassword([]byte(h.Hash), pw) == nil
	case hashMD5, hashSHA1, hashSHA512:
		want, err := hex.DecodeString(h.Hash)
		if err != nil {
			return false
		}
		return eq(saltedDigest(h.Type, h.PrependSalt, password, h.AppendSalt), want)
	case hashScrypt:
		k, err := scrypt.Key(pw, h.Salt, h.N, h.R, h.P, len(h.Key))
		return err == nil && eq(k, h.Key)
	case hashArgon2i:
		return eq(argon2.Key(pw, h.Salt, uint32(h.Iterations), uint32(h.Memory), uint8(h.Threads), uint32(len(h.Key))), h.Key)
	case hashArgon2id:
		return eq(argon2.IDKey(pw, h.Salt, uint32(h.Iterations), uint32(h.Memory), uint8(h.Threads), uint32(len(h.Key))), h.Key)
	case hashPBKDF2:
		return eq(pbkdf2.Key(pw, h.Salt, h.Iterations, len(h.Key), pbkdf2Hash(h.Algorithm)), h.Key)
	case hashPHPass:
		got, ok := phpassHash(password, h.Hash)
		return ok && eq([]byte(got), []byte(h.Hash))
	}
	return false
}

func saltedDigest(typ, prepend, password, appendSalt string) []byte {
	var hh hash.Hash
	switch typ {
	case hashMD5:
		hh = md5.New() //nolint:gosec // legacy import
	case hashSHA1:
		hh = sha1.New() //nolint:gosec // legacy import
	default:
		hh = sha512.New()
	}
	hh.Write([]byte(prepend + password + appendSalt))
	return hh.Sum(nil)
}

func pbkdf2Hash(alg string) func() hash.Hash {
	switch alg {
	case "sha512":
		return sha512.New
	case "sha1":
		return sha1.New
	default:
		return sha256.New
	}
}

// MigrateConfigs are the per-type configurations of a migrate body.
type MigrateConfigs struct {
	MD5    *saltConfig   `json:"md_5_config"`
	SHA1   *saltConfig   `json:"sha_1_config"`
	SHA512 *saltConfig   `json:"sha_512_config"`
	Argon2 *argon2Config `json:"argon_2_config"`
	Scrypt *scryptConfig `json:"scrypt_config"`
	PBKDF2 *pbkdf2Config `json:"pbkdf_2_config"`
}

type saltConfig struct {
	PrependSalt string `json:"prepend_salt"`
	AppendSalt  string `json:"append_salt"`
}

type argon2Config struct {
	Salt            string `json:"salt"`
	IterationAmount int    `json:"iteration_amount"`
	Memory          int    `json:"memory"`
	Threads         int    `json:"threads"`
	KeyLength       int    `json:"key_length"`
}

type scryptConfig struct {
	Salt       string `json:"salt"`
	NParameter int    `json:"n_parameter"`
	RParameter int    `json:"r_parameter"`
	PParameter int    `json:"p_parameter"`
	KeyLength  int    `json:"key_length"`
}

type pbkdf2Config struct {
	Salt            string `json:"salt"`
	IterationAmount int    `json:"iteration_amount"`
	KeyLength       int    `json:"key_length"`
	Algorithm       string `json:"algorithm"`
}

func invalidHash(format string, args ...any) *apierr.Error {
	return apierr.BadRequest("invalid_hash", format, args...)
}

// decodeB64 accepts standard or URL-safe base64, padded or not.
func decodeB64(s string) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

// ParseMigratedHash validates an imported hash and its configuration
// (passwords/migrate) and returns what verifying it needs. Work parameters
// are bounded so that a login cannot be made to run for minutes.
func ParseMigratedHash(typ, h string, c MigrateConfigs) (*StoredHash, *apierr.Error) {
	if h == "" {
		return nil, invalidHash("hash is required.")
	}
	switch typ {
	case HashBcrypt:
		cost, err := bcrypt.Cost([]byte(h))
		if err != nil || len(h) != 60 {
			return nil, apierr.BadRequest("invalid_bcrypt_hash", "hash is not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters).")
		}
		if cost > 16 {
			return nil, apierr.BadRequest("invalid_bcrypt_hash", "bcrypt cost %d is above the mock's limit of 16.", cost)
		}
		return &StoredHash{Type: HashBcrypt, Hash: h}, nil
	case hashMD5, hashSHA1, hashSHA512:
		size := map[string]int{hashMD5: md5.Size, hashSHA1: sha1.Size, hashSHA512: sha512.Size}[typ]
		b, err := hex.DecodeString(h)
		if err != nil || len(b) != size {
			return nil, invalidHash("a %s hash is %d hex characters.", typ, 2*size)
		}
		sc := map[string]*saltConfig{hashMD5: c.MD5, hashSHA1: c.SHA1, hashSHA512: c.SHA512}[typ]
		out := &StoredHash{Type: typ, Hash: strings.ToLower(h)}
		if sc != nil {
			out.PrependSalt, out.AppendSalt = sc.PrependSalt, sc.AppendSalt
		}
		return out, nil
	case hashScrypt:
		sc := c.Scrypt
		if sc == nil {
			return nil, invalidHash("scrypt hashes need scrypt_config.")
		}
		key, ok := decodeB64(h)
		salt, ok2 := decodeB64(sc.Salt)
		switch {
		case !ok || !ok2 || len(salt) == 0:
			return nil, invalidHash("a scrypt hash and its salt are base64-encoded.")
		case sc.NParameter < 2 || sc.NParameter&(sc.NParameter-1) != 0 || sc.NParameter > 1<<16:
			return nil, invalidHash("scrypt_config.n_parameter must be a power of two from 2 to 65536.")
		case sc.RParameter < 1 || sc.RParameter > 32 || sc.PParameter < 1 || sc.PParameter > 16:
			return nil, invalidHash("scrypt_config.r_parameter must be 1 to 32 and p_parameter 1 to 16.")
		case sc.KeyLength != len(key) || len(key) < 16 || len(key) > 64:
			return nil, invalidHash("scrypt_config.key_length must be the length of the decoded hash, 16 to 64 bytes.")
		}
		return &StoredHash{Type: hashScrypt, Key: key, Salt: salt, N: sc.NParameter, R: sc.RParameter, P: sc.PParameter}, nil
	case hashArgon2i, hashArgon2id:
		if strings.HasPrefix(h, "$argon2") {
			return parseArgon2PHC(typ, h)
		}
		ac := c.Argon2
		if ac == nil {
			return nil, invalidHash("argon2 hashes are PHC strings ($%s$v=19$m=...,t=...,p=...$salt$hash) or base64 keys with argon_2_config.", strings.ReplaceAll(typ, "_", ""))
		}
		key, ok := decodeB64(h)
		if !ok {
			return nil, invalidHash("the argon2 key is base64-encoded.")
		}
		return argon2Stored(typ, key, []byte(ac.Salt), ac.IterationAmount, ac.Memory, ac.Threads, ac.KeyLength)
	case hashPBKDF2:
		pc := c.PBKDF2
		if pc == nil {
			return nil, invalidHash("pbkdf_2 hashes need pbkdf_2_config.")
		}
		key, ok := decodeB64(h)
		switch {
		case !ok:
			return nil, invalidHash("a pbkdf_2 hash is base64-encoded.")
		case pc.Salt == "":
			return nil, invalidHash("pbkdf_2_config.salt is required.")
		case pc.IterationAmount < 1 || pc.IterationAmount > 1_000_000:
			return nil, invalidHash("pbkdf_2_config.iteration_amount must be 1 to 1000000.")
		case pc.KeyLength != len(key) || len(key) < 16 || len(key) > 64:
			return nil, invalidHash("pbkdf_2_config.key_length must be the length of the decoded hash, 16 to 64 bytes.")
		}
		alg := strings.ToLower(pc.Algorithm)
		if alg == "" {
			alg = "sha256"
		}
		if alg != "sha256" && alg != "sha512" && alg != "sha1" {
			return nil, invalidHash("pbkdf_2_config.algorithm must be sha256, sha512 or sha1, not %q.", pc.Algorithm)
		}
		return &StoredHash{Type: hashPBKDF2, Key: key, Salt: []byte(pc.Salt), Iterations: pc.IterationAmount, Algorithm: alg}, nil
	case hashPHPass:
		if _, ok := phpassHash("", h); !ok {
			return nil, invalidHash("a phpass hash is 34 characters: $P$ or $H$, a cost character, 8 salt characters and 22 hash characters.")
		}
		return &StoredHash{Type: hashPHPass, Hash: h}, nil
	}
	return nil, apierr.BadRequest("invalid_hash_type", "hash_type must be one of %s, not %q.", strings.Join(HashTypes, ", "), typ)
}

func argon2Stored(typ string, key, salt []byte, t, m, threads, keyLen int) (*StoredHash, *apierr.Error) {
	switch {
	case len(salt) == 0:
		return nil, invalidHash("the argon2 salt is required.")
	case t < 1 || t > 10:
		return nil, invalidHash("argon2 iteration_amount must be 1 to 10.")
	case m < 8 || m > 256*1024:
		return nil, invalidHash("argon2 memory must be 8 to 262144 KiB.")
	case threads < 1 || threads > 16:
		return nil, invalidHash("argon2 threads must be 1 to 16.")
	case keyLen != len(key) || len(key) < 16 || len(key) > 64:
		return nil, invalidHash("argon2 key_length must be the length of the key, 16 to 64 bytes.")
	}
	return &StoredHash{Type: typ, Key: key, Salt: salt, Iterations: t, Memory: m, Threads: threads}, nil
}

// parseArgon2PHC reads "$argon2id$v=19$m=65536,t=3,p=4$<salt>$<key>" with
// unpadded base64 salt and key.
func parseArgon2PHC(typ, h string) (*StoredHash, *apierr.Error) {
	parts := strings.Split(h, "$")
	want := "argon2" + strings.TrimPrefix(typ, "argon_2")
	if len(parts) != 6 || parts[1] != want || parts[2] != "v=19" {
		return nil, invalidHash("not a %s PHC string ($%s$v=19$m=...,t=...,p=...$salt$hash).", typ, want)
	}
	var m, t, p int
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, invalidHash("bad argon2 parameter %q.", kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		default:
			return nil, invalidHash("bad argon2 parameter %q.", kv)
		}
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return nil, invalidHash("the argon2 salt and hash are unpadded base64.")
	}
	return argon2Stored(typ, key, salt, t, m, p, len(key))
}

// itoa64 is the alphabet of phpass (and crypt(3)) encodings.
const itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// phpassHash computes the portable phpass hash of password with the salt
// and cost of setting (an existing hash). ok is false when setting is not a
// portable phpass hash.
func phpassHash(password, setting string) (string, bool) {
	if len(setting) != 34 || (setting[:3] != "$P$" && setting[:3] != "$H$") {
		return "", false
	}
	for i := 3; i < 34; i++ {
		if !strings.ContainsRune(itoa64, rune(setting[i])) {
			return "", false
		}
	}
	logCount := strings.IndexByte(itoa64, setting[3])
	if logCount < 7 || logCount > 20 {
		return "", false
	}
	salt := setting[4:12]
	sum := md5.Sum([]byte(salt + password)) //nolint:gosec // phpass is MD5-based
	for range 1 << logCount {
		sum = md5.Sum(append(sum[:], password...)) //nolint:gosec // phpass is MD5-based
	}
	return setting[:12] + phpassEncode(sum[:]), true
}

// phpassEncode is phpass's little-endian base64 variant.
func phpassEncode(in []byte) string {
	var out strings.Builder
	for i := 0; i < len(in); {
		v := int(in[i])
		i++
		out.WriteByte(itoa64[v&0x3f])
		if i < len(in) {
			v |= int(in[i]) << 8
		}
		out.WriteByte(itoa64[(v>>6)&0x3f])
		if i >= len(in) {
			break
		}
		i++
		if i < len(in) {
			v |= int(in[i]) << 16
		}
		out.WriteByte(itoa64[(v>>12)&0x3f])
		if i >= len(in) {
			break
		}
		i++
		out.WriteByte(itoa64[(v>>18)&0x3f])
	}
	return out.String()
}
