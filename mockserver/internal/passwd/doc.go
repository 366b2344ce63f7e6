// Package passwd is the mock's password machinery: the hashes it stores and
// migrates (bcrypt and the migrated types), and the password policy with its
// strength and breach checks.
//
// It may import apierr and ids only.
package passwd
