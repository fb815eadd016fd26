/*
 * captionfix._textscan: the whole-text scans of captionfix.textscan, in C.
 *
 * Each function walks the text once, over CPython's own buffer (one, two or
 * four bytes a character), and answers exactly what the Python function of
 * the same name in captionfix/textscan.py answers; that module is the
 * specification, and tests/test_build.py holds the two to each other.
 *
 *   hint_hits(text, hints) -> list[int] where each of the hints starts
 *   may_be_damaged(text) -> bool       whether the encoding rule must look
 *   maybe_not_nfc(text)  -> bool       False only if the text is surely NFC
 *   count_space(text)    -> int        how many characters str.isspace() calls space
 *   normal_lines(core)   -> bool       no line ends with a space, no two blank lines
 *   drop_marks(text)     -> str        text without spaces, punctuation and quotes
 *   first_of(text, words, start) -> int  where the first of some ASCII words stands
 *   nonblank_starts(text) -> list[int] where each line with a non-space character starts
 *   gate_start(text, pos) -> int       where the encoding rule's pattern could begin next
 *   cr_runs(text, starts, ends) -> (int, bool)  the span of each carriage return's edit
 *   lf_text(text)        -> str        text with every line end a line feed
 *   new_edit(Edit, rule, start, end, replacement, before) -> Edit
 *
 * In Python these are several str.find scans, a UTF-8 encode with a bytes
 * translate, and unicodedata.is_normalized: a few nanoseconds a character
 * each, on every article.  Here each is one pass of a few instructions.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* --- hint_hits ------------------------------------------------------------
 * The hint scan knows no words: it is handed the hints, a tuple of at most
 * MAX_HINTS non-empty str of at most MAX_HINT_LEN characters each (the
 * vocabulary's "hint" rows), and reports a hit at position p of hint k as
 * (p << HINT_SHIFT) | k, in order of p, then of k.  The tables the scan needs
 * are made from the tuple once and kept with a reference to it: the vocabulary
 * hands the same tuple to every call, so a text pays for none of this. */
#define HINT_SHIFT 5
#define MAX_HINTS 32
#define MAX_HINT_LEN 32

typedef struct {
    PyObject *key;                          /* the tuple the table was made from */
    int count;
    Py_UCS4 chars[MAX_HINTS][MAX_HINT_LEN]; /* hint k, character by character */
    Py_ssize_t len[MAX_HINTS];
    uint32_t opens_ascii[128];              /* the hints (a bit each) that open with c */
    int n_other;                            /* and the same for characters past ASCII */
    Py_UCS4 other[MAX_HINTS];
    uint32_t other_mask[MAX_HINTS];
    /* what the vector pass marks: where a one-character hint stands, or where
     * the first two characters of a longer one do (each pair once) */
    int n_single, n_pair;
    Py_UCS4 single[MAX_HINTS];
    Py_UCS4 pair_a[MAX_HINTS], pair_b[MAX_HINTS];
} HintTable;

static HintTable hint_table; /* the last tuple's tables */

static int
prepare_hints(PyObject *hints)
{
    if (hints == hint_table.key) {
        return 0;
    }
    if (!PyTuple_Check(hints)) {
        PyErr_SetString(PyExc_TypeError, "hint_hits() takes a tuple of str as hints");
        return -1;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(hints);
    if (count > MAX_HINTS) {
        PyErr_SetString(PyExc_ValueError, "hint_hits() takes at most 32 hints");
        return -1;
    }
    HintTable t;
    memset(&t, 0, sizeof(t));
    t.count = (int)count;
    for (int k = 0; k < t.count; k++) {
        PyObject *w = PyTuple_GET_ITEM(hints, k);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "hint_hits() takes a tuple of str as hints");
            return -1;
        }
        if (PyUnicode_READY(w) < 0) {
            return -1;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(w);
        if (len < 1 || len > MAX_HINT_LEN) {
            PyErr_SetString(PyExc_ValueError, "each hint holds 1 to 32 characters");
            return -1;
        }
        t.len[k] = len;
        for (Py_ssize_t j = 0; j < len; j++) {
            t.chars[k][j] = PyUnicode_READ_CHAR(w, j);
        }
        Py_UCS4 c = t.chars[k][0];
        if (c < 128) {
            t.opens_ascii[c] |= (uint32_t)1 << k;
        } else {
            int o = 0;
            while (o < t.n_other && t.other[o] != c) {
                o++;
            }
            if (o == t.n_other) {
                t.other[t.n_other++] = c;
            }
            t.other_mask[o] |= (uint32_t)1 << k;
        }
        if (len == 1) {
            int o = 0;
            while (o < t.n_single && t.single[o] != c) {
                o++;
            }
            if (o == t.n_single) {
                t.single[t.n_single++] = c;
            }
        } else {
            Py_UCS4 b = t.chars[k][1];
            int o = 0;
            while (o < t.n_pair && !(t.pair_a[o] == c && t.pair_b[o] == b)) {
                o++;
            }
            if (o == t.n_pair) {
                t.pair_a[t.n_pair] = c;
                t.pair_b[t.n_pair++] = b;
            }
        }
    }
    PyObject *old = hint_table.key;
    Py_INCREF(hints);
    t.key = hints;
    hint_table = t;
    Py_XDECREF(old);
    return 0;
}

/* the number of the lowest bit set in m (m is not 0) */
static inline int
lowest_bit(uint32_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctz(m);
#else
    int k = 0;
    while (!(m & 1u)) {
        m >>= 1;
        k++;
    }
    return k;
#endif
}

/* the hints (a bit each) that open with c */
static inline uint32_t
hints_opened_by(const HintTable *h, Py_UCS4 c)
{
    if (c < 128) {
        return h->opens_ascii[c];
    }
    for (int o = 0; o < h->n_other; o++) {
        if (h->other[o] == c) {
            return h->other_mask[o];
        }
    }
    return 0;
}

static int
append_hit(PyObject *list, Py_ssize_t pos, int hint)
{
    PyObject *value = PyLong_FromSsize_t((pos << HINT_SHIFT) | hint);
    if (value == NULL) {
        return -1;
    }
    int rc = PyList_Append(list, value);
    Py_DECREF(value);
    return rc;
}

/* --- shared helpers ---------------------------------------------------------
 * find_nl_*: the first position at or after i where s holds a line feed, or n
 * (memchr for one byte a character, SSE2 for two where the compiler offers it). */

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define HAVE_SSE2 1
#endif

static inline Py_ssize_t
find_nl_ucs1(const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n)
{
    if (i >= n) {
        return n;
    }
    const Py_UCS1 *p = memchr(s + i, '\n', (size_t)(n - i));
    return p ? p - s : n;
}

static inline Py_ssize_t
find_nl_ucs2(const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n)
{
#ifdef HAVE_SSE2
    const __m128i nl = _mm_set1_epi16('\n');
    for (; i + 8 <= n; i += 8) {
        int mask = _mm_movemask_epi8(_mm_cmpeq_epi16(_mm_loadu_si128((const __m128i *)(s + i)), nl));
        if (mask) {
            return i + (__builtin_ctz((unsigned int)mask) >> 1);
        }
    }
#endif
    for (; i < n; i++) {
        if (s[i] == '\n') {
            return i;
        }
    }
    return n;
}

static inline Py_ssize_t
find_nl_ucs4(const Py_UCS4 *s, Py_ssize_t i, Py_ssize_t n)
{
    for (; i < n; i++) {
        if (s[i] == '\n') {
            return i;
        }
    }
    return n;
}

static int
check_str(PyObject *text, const char *name)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() takes str, not %.100s", name,
                     Py_TYPE(text)->tp_name);
        return -1;
    }
    return PyUnicode_READY(text);
}

/* Each scan comes in three widths (one, two or four bytes a character);
 * these run the one that fits text (the count scans' runner is below).  A list scan appends to a new list (hint
 * hits, line starts, gate starts); a copy scan copies the characters it keeps
 * into a buffer of text's width and returns how many, and the str is then
 * made in the narrowest width its characters need, as every str must be. */

typedef int (*ListScan1)(const Py_UCS1 *, Py_ssize_t, PyObject *);
typedef int (*ListScan2)(const Py_UCS2 *, Py_ssize_t, PyObject *);
typedef int (*ListScan4)(const Py_UCS4 *, Py_ssize_t, PyObject *);
typedef Py_ssize_t (*CopyScan1)(const Py_UCS1 *, Py_ssize_t, Py_UCS1 *);
typedef Py_ssize_t (*CopyScan2)(const Py_UCS2 *, Py_ssize_t, Py_UCS2 *);
typedef Py_ssize_t (*CopyScan4)(const Py_UCS4 *, Py_ssize_t, Py_UCS4 *);

static PyObject *
run_list_scan(PyObject *text, const char *name, ListScan1 f1, ListScan2 f2, ListScan4 f4)
{
    if (check_str(text, name) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    int rc;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        rc = f1((const Py_UCS1 *)data, n, out);
        break;
    case PyUnicode_2BYTE_KIND:
        rc = f2((const Py_UCS2 *)data, n, out);
        break;
    default:
        rc = f4((const Py_UCS4 *)data, n, out);
        break;
    }
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyObject *
run_copy_scan(PyObject *text, const char *name, CopyScan1 f1, CopyScan2 f2, CopyScan4 f4)
{
    if (check_str(text, name) < 0) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    void *buf = PyMem_Malloc(n ? (size_t)n * (size_t)kind : 1);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t kept;
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        kept = f1((const Py_UCS1 *)data, n, (Py_UCS1 *)buf);
        break;
    case PyUnicode_2BYTE_KIND:
        kept = f2((const Py_UCS2 *)data, n, (Py_UCS2 *)buf);
        break;
    default:
        kept = f4((const Py_UCS4 *)data, n, (Py_UCS4 *)buf);
        break;
    }
    PyObject *out = PyUnicode_FromKindAndData(kind, buf, kept);
    PyMem_Free(buf);
    return out;
}

/* A count scan returns a count, or 0 or 1 for a yes-or-no question; -1 here
 * means text was not a str (the exception is set). */

typedef Py_ssize_t (*CountScan1)(const Py_UCS1 *, Py_ssize_t);
typedef Py_ssize_t (*CountScan2)(const Py_UCS2 *, Py_ssize_t);
typedef Py_ssize_t (*CountScan4)(const Py_UCS4 *, Py_ssize_t);

static Py_ssize_t
run_count_scan(PyObject *text, const char *name, CountScan1 f1, CountScan2 f2, CountScan4 f4)
{
    if (check_str(text, name) < 0) {
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return f1((const Py_UCS1 *)data, n);
    case PyUnicode_2BYTE_KIND:
        return f2((const Py_UCS2 *)data, n);
    default:
        return f4((const Py_UCS4 *)data, n);
    }
}

static PyObject *
bool_result(Py_ssize_t answer)
{
    return answer < 0 ? NULL : PyBool_FromLong(answer != 0);
}

/* The hint scan: at each position that opens a hint (its first character
 * looked up in the table), the hints that open there are compared in order.
 * The vector pass below finds those positions 16 (one byte a character) or 8
 * (two bytes) at a time with SSE2: where a one-character hint stands, or
 * where the first two characters of a longer one do, so that common first
 * letters ("r", "o") are not stepped through one by one. */
/* characters tested together before a scan looks at them one by one (not in
 * the hint scan: its openings are common letter pairs, "re" among them, so
 * three blocks in four would hold one, and short blocks mispredict) */
#define BLOCK 32

#define DEFINE_HINT_AT(NAME, T)                                                 \
    /* report the hints that stand at position i */                               \
    static inline int NAME##_at(const T *s, Py_ssize_t n, Py_ssize_t i,           \
                                const HintTable *h, uint32_t mask, PyObject *out) \
    {                                                                             \
        while (mask) {                                                            \
            int k = lowest_bit(mask);                                             \
            mask &= mask - 1;                                                     \
            Py_ssize_t len = h->len[k];                                           \
            if (len > n - i) {                                                    \
                continue;                                                         \
            }                                                                     \
            const Py_UCS4 *w = h->chars[k];                                       \
            Py_ssize_t j = 1;                                                     \
            while (j < len && (Py_UCS4)s[i + j] == w[j]) {                        \
                j++;                                                              \
            }                                                                     \
            if (j == len && append_hit(out, i, k) < 0) {                          \
                return -1;                                                        \
            }                                                                     \
        }                                                                         \
        return 0;                                                                 \
    }

#define DEFINE_HINT_SCAN(NAME, T)                                                 \
    static int NAME(const T *s, Py_ssize_t n, const HintTable *h, PyObject *out)  \
    {                                                                             \
        Py_ssize_t i = NAME##_vector(s, n, h, out);                               \
        if (i < 0) {                                                              \
            return -1;                                                            \
        }                                                                         \
        for (; i < n; i++) {                                                      \
            uint32_t mask = hints_opened_by(h, s[i]);                             \
            if (mask && NAME##_at(s, n, i, h, mask, out) < 0) {                   \
                return -1;                                                        \
            }                                                                     \
        }                                                                         \
        return 0;                                                                 \
    }

/* Each vector pass returns the position where the one-by-one loop goes on,
 * or -1 on an error.  A hint character too wide for the string's width can
 * stand nowhere in it, and is left out of the comparisons. */
#ifdef HAVE_SSE2
#define VECTOR_HINTS(NAME, T, LANES, SET1, CMPEQ, SHIFT)                              \
    static Py_ssize_t NAME##_vector(const T *s, Py_ssize_t n, const HintTable *h,     \
                                    PyObject *out)                                    \
    {                                                                                 \
        const Py_UCS4 widest = (Py_UCS4)(T)-1;                                        \
        __m128i single[MAX_HINTS], first[MAX_HINTS], second[MAX_HINTS];               \
        int ns = 0, np = 0;                                                           \
        for (int k = 0; k < h->n_single; k++) {                                       \
            if (h->single[k] <= widest) {                                             \
                single[ns++] = SET1(h->single[k]);                                    \
            }                                                                         \
        }                                                                             \
        for (int k = 0; k < h->n_pair; k++) {                                         \
            if (h->pair_a[k] <= widest && h->pair_b[k] <= widest) {                   \
                first[np] = SET1(h->pair_a[k]);                                       \
                second[np++] = SET1(h->pair_b[k]);                                    \
            }                                                                         \
        }                                                                             \
        if (ns + np == 0) {                                                           \
            return n; /* no hint can stand in this text */                            \
        }                                                                             \
        Py_ssize_t i = 0;                                                             \
        for (; i + LANES + 1 <= n; i += LANES) {                                      \
            __m128i cur = _mm_loadu_si128((const __m128i *)(s + i));                  \
            __m128i next = _mm_loadu_si128((const __m128i *)(s + i + 1));             \
            __m128i hit = _mm_setzero_si128();                                        \
            for (int k = 0; k < ns; k++) {                                            \
                hit = _mm_or_si128(hit, CMPEQ(cur, single[k]));                       \
            }                                                                         \
            for (int k = 0; k < np; k++) {                                            \
                hit = _mm_or_si128(                                                   \
                    hit, _mm_and_si128(CMPEQ(cur, first[k]), CMPEQ(next, second[k])));\
            }                                                                         \
            unsigned int mask = (unsigned int)_mm_movemask_epi8(hit);                 \
            while (mask) {                                                            \
                Py_ssize_t j = i + (__builtin_ctz(mask) >> SHIFT);                    \
                if (NAME##_at(s, n, j, h, hints_opened_by(h, s[j]), out) < 0) {       \
                    return -1;                                                        \
                }                                                                     \
                mask &= mask - 1;                                                     \
                if (SHIFT) {                                                          \
                    mask &= mask - 1; /* two bits a character */                      \
                }                                                                     \
            }                                                                         \
        }                                                                             \
        return i;                                                                     \
    }
#define SET1_8(x) _mm_set1_epi8((char)(x))
#define SET1_16(x) _mm_set1_epi16((short)(x))
#endif
#define NO_VECTOR(NAME, T)                                                            \
    static Py_ssize_t NAME##_vector(const T *s, Py_ssize_t n, const HintTable *h,     \
                                    PyObject *out)                                    \
    {                                                                                 \
        (void)s, (void)n, (void)h, (void)out;                                         \
        return 0;                                                                     \
    }

DEFINE_HINT_AT(hints_ucs1, Py_UCS1)
DEFINE_HINT_AT(hints_ucs2, Py_UCS2)
DEFINE_HINT_AT(hints_ucs4, Py_UCS4)
#ifdef HAVE_SSE2
VECTOR_HINTS(hints_ucs1, Py_UCS1, 16, SET1_8, _mm_cmpeq_epi8, 0)
VECTOR_HINTS(hints_ucs2, Py_UCS2, 8, SET1_16, _mm_cmpeq_epi16, 1)
#else
NO_VECTOR(hints_ucs1, Py_UCS1)
NO_VECTOR(hints_ucs2, Py_UCS2)
#endif
NO_VECTOR(hints_ucs4, Py_UCS4)
DEFINE_HINT_SCAN(hints_ucs1, Py_UCS1)
DEFINE_HINT_SCAN(hints_ucs2, Py_UCS2)
DEFINE_HINT_SCAN(hints_ucs4, Py_UCS4)

static PyObject *
textscan_hint_hits(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "hint_hits() takes text and hints");
        return NULL;
    }
    PyObject *text = args[0];
    if (check_str(text, "hint_hits") < 0 || prepare_hints(args[1]) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    int rc;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        rc = hints_ucs1((const Py_UCS1 *)data, n, &hint_table, out);
        break;
    case PyUnicode_2BYTE_KIND:
        rc = hints_ucs2((const Py_UCS2 *)data, n, &hint_table, out);
        break;
    default:
        rc = hints_ucs4((const Py_UCS4 *)data, n, &hint_table, out);
        break;
    }
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* --- may_be_damaged -------------------------------------------------------
 * True if the text holds any of:
 *   U+FFFD;
 *   "&" with a ";" among the 32 characters from two after it;
 *   a C0 control other than tab, line feed and carriage return, DEL, or a
 *   C1 control (U+0000..U+0008, U+000B, U+000C, U+000E..U+001F, U+007F..U+009F);
 *   a lead-byte character U+00C2..U+00F4 before a character that UTF-8
 *   opens with C2, C5, C6, CB, E2 80, E2 82 or E2 84 (see continues()).
 * The Python version tests the same facts on the UTF-8 bytes. */

static inline int
continues(Py_UCS4 c)
{
    return (c >= 0x80 && c <= 0xBF)         /* C2 xx */
           || (c >= 0x140 && c <= 0x1BF)    /* C5 xx, C6 xx */
           || (c >= 0x2C0 && c <= 0x2FF)    /* CB xx */
           || (c >= 0x2000 && c <= 0x203F)  /* E2 80 xx */
           || (c >= 0x2080 && c <= 0x20BF)  /* E2 82 xx */
           || (c >= 0x2100 && c <= 0x213F); /* E2 84 xx */
}

#define DEFINE_DAMAGE(NAME, T)                                               \
    /* whether position i shows damage */                                    \
    static inline int NAME##_at(const T *s, Py_ssize_t n, Py_ssize_t i)      \
    {                                                                        \
        Py_UCS4 c = s[i];                                                    \
        if (c < 0x20) {                                                      \
            return c != '\t' && c != '\n' && c != '\r';                      \
        }                                                                    \
        if (c == '&') {                                                      \
            Py_ssize_t stop = i + 34 < n ? i + 34 : n;                       \
            for (Py_ssize_t j = i + 2; j < stop; j++) {                      \
                if (s[j] == ';') {                                           \
                    return 1;                                                \
                }                                                            \
            }                                                                \
            return 0;                                                        \
        }                                                                    \
        if (c >= 0x7F) {                                                     \
            if (c <= 0x9F || c == 0xFFFD) {                                  \
                return 1;                                                    \
            }                                                                \
            return c >= 0xC2 && c <= 0xF4 && i + 1 < n && continues(s[i + 1]); \
        }                                                                    \
        return 0;                                                            \
    }                                                                        \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n)                                \
    {                                                                        \
        Py_ssize_t i = 0;                                                    \
        /* a block with no control, "&", DEL to U+00F4 or U+FFFD is passed   \
         * over whole (curly quotes and dashes do not stop it) */            \
        for (; i + BLOCK <= n; i += BLOCK) {                                 \
            unsigned int any = 0;                                            \
            for (Py_ssize_t j = i; j < i + BLOCK; j++) {                     \
                T c = s[j]; /* in T, so that vectors hold as many as can be */  \
                any |= ((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r')) \
                       | (c == '&') | ((c >= 0x7F) & (c <= 0xF4)) | (c == 0xFFFD); \
            }                                                                \
            if (!any) {                                                      \
                continue;                                                    \
            }                                                                \
            for (Py_ssize_t j = i; j < i + BLOCK; j++) {                     \
                if (NAME##_at(s, n, j)) {                                    \
                    return 1;                                                \
                }                                                            \
            }                                                                \
        }                                                                    \
        for (; i < n; i++) {                                                 \
            if (NAME##_at(s, n, i)) {                                        \
                return 1;                                                    \
            }                                                                \
        }                                                                    \
        return 0;                                                            \
    }

DEFINE_DAMAGE(damage_ucs1, Py_UCS1)
DEFINE_DAMAGE(damage_ucs2, Py_UCS2)
DEFINE_DAMAGE(damage_ucs4, Py_UCS4)

/* --- maybe_not_nfc --------------------------------------------------------
 * False only if every character lies in one of these ranges: characters
 * that are their own NFC form, combine with nothing before them, and have
 * canonical combining class 0 (tests/test_textscan.py checks each one
 * against unicodedata).  A text of such characters is NFC; any other
 * character sends the text to unicodedata.is_normalized. */

static const Py_UCS4 NFC_SAFE[][2] = {
    {0x0000, 0x02FF}, /* Latin, Latin-1, Latin Extended A/B, IPA, spacing modifiers */
    {0x0388, 0x03FF}, /* Greek */
    {0x0400, 0x0482}, /* Cyrillic letters */
    {0x048A, 0x052F}, /* Cyrillic letters */
    {0x2002, 0x20CF}, /* spaces, dashes, quotes, punctuation, currency */
    {0x2100, 0x2125}, /* letterlike symbols up to the Ohm sign */
    {0x4E00, 0x9FFF}, /* CJK unified ideographs */
    {0xAC00, 0xD7A3}, /* Hangul syllables */
};

#define DEFINE_NFC(NAME, T)                                                 \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n)                               \
    {                                                                       \
        for (Py_ssize_t i = 0; i < n; i++) {                                \
            Py_UCS4 c = s[i];                                               \
            if (c < 0x300) {                                                \
                continue;                                                   \
            }                                                               \
            int safe = 0;                                                   \
            /* the first range is the test above */                       \
            for (size_t r = 1; r < sizeof(NFC_SAFE) / sizeof(NFC_SAFE[0]); r++) { \
                if (c >= NFC_SAFE[r][0] && c <= NFC_SAFE[r][1]) {           \
                    safe = 1;                                               \
                    break;                                                  \
                }                                                           \
            }                                                               \
            if (!safe) {                                                    \
                return 1;                                                   \
            }                                                               \
        }                                                                   \
        return 0;                                                           \
    }

/* every one-byte character is below U+0300 */
static Py_ssize_t
nfc_ucs1(const Py_UCS1 *s, Py_ssize_t n)
{
    (void)s, (void)n;
    return 0;
}

DEFINE_NFC(nfc_ucs2, Py_UCS2)
DEFINE_NFC(nfc_ucs4, Py_UCS4)



static PyObject *
textscan_may_be_damaged(PyObject *module, PyObject *text)
{
    (void)module;
    return bool_result(
        run_count_scan(text, "may_be_damaged", damage_ucs1, damage_ucs2, damage_ucs4));
}

static PyObject *
textscan_maybe_not_nfc(PyObject *module, PyObject *text)
{
    (void)module;
    return bool_result(run_count_scan(text, "maybe_not_nfc", nfc_ucs1, nfc_ucs2, nfc_ucs4));
}

/* --- count_space, normal_lines ------------------------------------------
 * Py_UNICODE_ISSPACE is what str.isspace() and str.split() use. */

#define DEFINE_SPACE(NAME, T)                      \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n) \
    {                                              \
        Py_ssize_t count = 0;                      \
        for (Py_ssize_t i = 0; i < n; i++) {       \
            count += Py_UNICODE_ISSPACE(s[i]) != 0; \
        }                                          \
        return count;                              \
    }

DEFINE_SPACE(space_ucs1, Py_UCS1)
DEFINE_SPACE(space_ucs2, Py_UCS2)
DEFINE_SPACE(space_ucs4, Py_UCS4)

static PyObject *
textscan_count_space(PyObject *module, PyObject *text)
{
    (void)module;
    Py_ssize_t count = run_count_scan(text, "count_space", space_ucs1, space_ucs2, space_ucs4);
    return count < 0 ? NULL : PyLong_FromSsize_t(count);
}

/* True unless "\n\n\n" occurs, or a line break at position p > 0 follows a
 * space other than a line break; the look at line breaks stops at one in
 * position 0, as the Python loop does (a stripped text has none there). */
#define DEFINE_LINES(NAME, T, FIND)                                            \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n)                                  \
    {                                                                          \
        int stopped = 0, ragged = 0;                                           \
        for (Py_ssize_t i = FIND(s, 0, n); i < n; i = FIND(s, i + 1, n)) {     \
            if (i + 2 < n && s[i + 1] == '\n' && s[i + 2] == '\n') {           \
                return 0;                                                      \
            }                                                                  \
            if (i == 0) {                                                      \
                stopped = 1;                                                   \
            }                                                                  \
            else if (!stopped && s[i - 1] != '\n' && Py_UNICODE_ISSPACE(s[i - 1])) { \
                ragged = 1;                                                    \
            }                                                                  \
        }                                                                      \
        return !ragged;                                                        \
    }

DEFINE_LINES(lines_ucs1, Py_UCS1, find_nl_ucs1)
DEFINE_LINES(lines_ucs2, Py_UCS2, find_nl_ucs2)
DEFINE_LINES(lines_ucs4, Py_UCS4, find_nl_ucs4)

static PyObject *
textscan_normal_lines(PyObject *module, PyObject *text)
{
    (void)module;
    return bool_result(run_count_scan(text, "normal_lines", lines_ucs1, lines_ucs2, lines_ucs4));
}

/* --- drop_marks ------------------------------------------------------------
 * What copies of a caption may differ by: spaces, punctuation, quotes and
 * dashes (textscan.CAPTION_MARKS). */

static inline int
is_caption_mark(Py_UCS4 c)
{
    switch (c) {
    case ' ': case '\t': case 0xA0: case '\r': case '\n':
    case '.': case ',': case ';': case ':': case '!': case '?': case 0xA1: case 0xBF:
    case '"': case '\'': case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0x201E:
    case 0xAB: case 0xBB:
    case '(': case ')': case '[': case ']': case '{': case '}':
    case '-': case 0x2013: case 0x2014: case '/': case '|': case '*': case 0x2022: case 0x2026:
    case '&':
        return 1;
    default:
        return 0;
    }
}

#define DEFINE_DROP(NAME, T)                                         \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n, T *out)         \
    {                                                                \
        Py_ssize_t k = 0;                                            \
        for (Py_ssize_t i = 0; i < n; i++) {                         \
            out[k] = s[i];                                           \
            k += !is_caption_mark(s[i]);                             \
        }                                                            \
        return k;                                                    \
    }

DEFINE_DROP(drop_ucs1, Py_UCS1)
DEFINE_DROP(drop_ucs2, Py_UCS2)
DEFINE_DROP(drop_ucs4, Py_UCS4)

static PyObject *
textscan_drop_marks(PyObject *module, PyObject *text)
{
    (void)module;
    return run_copy_scan(text, "drop_marks", drop_ucs1, drop_ucs2, drop_ucs4);
}

/* --- first_of --------------------------------------------------------------
 * The leftmost position at or after start where one of words (a tuple of
 * non-empty ASCII str) begins, or -1: what an alternation pattern of the words
 * finds with search(text, start).  Only positions whose character opens one
 * of the words are compared. */

#define MAX_WORDS 64

#define DEFINE_FIRST(NAME, T)                                                     \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n, Py_ssize_t start,            \
                           const unsigned char *const *words, const Py_ssize_t *lens, \
                           Py_ssize_t count, const unsigned char *opens)          \
    {                                                                             \
        for (Py_ssize_t i = start; i < n; i++) {                                  \
            Py_UCS4 c = s[i];                                                     \
            if (c >= 128 || !opens[c]) {                                          \
                continue;                                                         \
            }                                                                     \
            for (Py_ssize_t k = 0; k < count; k++) {                              \
                const unsigned char *w = words[k];                                \
                Py_ssize_t len = lens[k];                                         \
                if (w[0] != c || i + len > n) {                                   \
                    continue;                                                     \
                }                                                                 \
                Py_ssize_t j = 1;                                                 \
                while (j < len && s[i + j] == (T)w[j]) {                          \
                    j++;                                                          \
                }                                                                 \
                if (j == len) {                                                   \
                    return i;                                                     \
                }                                                                 \
            }                                                                     \
        }                                                                         \
        return -1;                                                                \
    }

DEFINE_FIRST(first_ucs1, Py_UCS1)
DEFINE_FIRST(first_ucs2, Py_UCS2)
DEFINE_FIRST(first_ucs4, Py_UCS4)

static PyObject *
textscan_first_of(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "first_of() takes text, words and start");
        return NULL;
    }
    PyObject *text = args[0], *tuple = args[1];
    if (check_str(text, "first_of") < 0) {
        return NULL;
    }
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) > MAX_WORDS) {
        PyErr_SetString(PyExc_TypeError, "first_of() takes a tuple of at most 64 words");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[2]);
    if (start == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (start < 0) {
        start = 0; /* as a pattern's search does */
    }
    const unsigned char *words[MAX_WORDS];
    Py_ssize_t lens[MAX_WORDS];
    unsigned char opens[128] = {0};
    Py_ssize_t count = PyTuple_GET_SIZE(tuple);
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *w = PyTuple_GET_ITEM(tuple, k);
        if (!PyUnicode_Check(w) || PyUnicode_READY(w) < 0 || !PyUnicode_IS_ASCII(w) ||
            PyUnicode_GET_LENGTH(w) == 0) {
            PyErr_SetString(PyExc_ValueError, "first_of() words must be non-empty ASCII str");
            return NULL;
        }
        words[k] = PyUnicode_1BYTE_DATA(w);
        lens[k] = PyUnicode_GET_LENGTH(w);
        opens[words[k][0]] = 1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t at;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        at = first_ucs1((const Py_UCS1 *)data, n, start, words, lens, count, opens);
        break;
    case PyUnicode_2BYTE_KIND:
        at = first_ucs2((const Py_UCS2 *)data, n, start, words, lens, count, opens);
        break;
    default:
        at = first_ucs4((const Py_UCS4 *)data, n, start, words, lens, count, opens);
        break;
    }
    return PyLong_FromSsize_t(at);
}

/* --- nonblank_starts --------------------------------------------------------
 * The offset where each line ("\n"-separated) begins that holds a character
 * str.isspace() does not call space, in order. */

#define DEFINE_NONBLANK(NAME, T, FIND)                                  \
    static int NAME(const T *s, Py_ssize_t n, PyObject *out)            \
    {                                                                   \
        Py_ssize_t start = 0;                                           \
        while (start <= n) {                                            \
            Py_ssize_t i = start;                                       \
            int blank = 1;                                              \
            for (; i < n && s[i] != '\n'; i++) {                        \
                if (!Py_UNICODE_ISSPACE(s[i])) {                        \
                    blank = 0;                                          \
                    break;                                              \
                }                                                       \
            }                                                           \
            if (!blank) {                                               \
                PyObject *value = PyLong_FromSsize_t(start);            \
                if (value == NULL || PyList_Append(out, value) < 0) {   \
                    Py_XDECREF(value);                                  \
                    return -1;                                          \
                }                                                       \
                Py_DECREF(value);                                       \
                i = FIND(s, i, n);                                      \
            }                                                           \
            start = i + 1; /* past the line break, or past the end */   \
        }                                                               \
        return 0;                                                       \
    }

DEFINE_NONBLANK(nonblank_ucs1, Py_UCS1, find_nl_ucs1)
DEFINE_NONBLANK(nonblank_ucs2, Py_UCS2, find_nl_ucs2)
DEFINE_NONBLANK(nonblank_ucs4, Py_UCS4, find_nl_ucs4)

static PyObject *
textscan_nonblank_starts(PyObject *module, PyObject *text)
{
    (void)module;
    return run_list_scan(text, "nonblank_starts", nonblank_ucs1, nonblank_ucs2, nonblank_ucs4);
}

/* --- gate_start --------------------------------------------------------------
 * Where a branch of normalize._GATE could begin: a lead-byte character
 * (U+00C2..U+00F4) before one of textscan.CONTINUATION, "&", a C0 control
 * other than tab and line ends, DEL, a C1 control, or U+FFFD. */

static inline int
in_continuation(Py_UCS4 c)
{
    if (c >= 0x80 && c <= 0xBF) {
        return 1;
    }
    switch (c) {
    case 0x152: case 0x153: case 0x160: case 0x161: case 0x178: case 0x17D: case 0x17E:
    case 0x192: case 0x2C6: case 0x2DC:
    case 0x2013: case 0x2014: case 0x2018: case 0x2019: case 0x201A:
    case 0x201C: case 0x201D: case 0x201E: case 0x2020: case 0x2021: case 0x2022:
    case 0x2026: case 0x2030: case 0x2039: case 0x203A: case 0x20AC: case 0x2122:
        return 1;
    default:
        return 0;
    }
}

/* The first gate start at or after i, or -1. */
#define DEFINE_GATE_START(NAME, T)                                             \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n, Py_ssize_t i)             \
    {                                                                          \
        for (; i < n; i++) {                                                   \
            Py_UCS4 c = s[i];                                                  \
            int start;                                                         \
            if (c < 0x20) {                                                    \
                start = c != '\t' && c != '\n' && c != '\r';                   \
            }                                                                  \
            else if (c < 0x7F) {                                               \
                start = c == '&';                                              \
            }                                                                  \
            else {                                                             \
                start = c <= 0x9F || c == 0xFFFD ||                            \
                        (c >= 0xC2 && c <= 0xF4 && i + 1 < n && in_continuation(s[i + 1])); \
            }                                                                  \
            if (start) {                                                       \
                return i;                                                      \
            }                                                                  \
        }                                                                      \
        return -1;                                                             \
    }

DEFINE_GATE_START(gate_start_ucs1, Py_UCS1)
DEFINE_GATE_START(gate_start_ucs2, Py_UCS2)
DEFINE_GATE_START(gate_start_ucs4, Py_UCS4)

/* gate_start(text, pos): where the first branch of the encoding rule's pattern
 * could begin at or after pos (a negative pos counts as 0), or -1.  One call
 * per start, so that a text made of starts is never a list of them. */
static PyObject *
textscan_gate_start(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "gate_start() takes a text and a position");
        return NULL;
    }
    PyObject *text = args[0];
    if (check_str(text, "gate_start") < 0) {
        return NULL;
    }
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    if (pos == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (pos < 0) {
        pos = 0;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        found = gate_start_ucs1((const Py_UCS1 *)data, n, pos);
        break;
    case PyUnicode_2BYTE_KIND:
        found = gate_start_ucs2((const Py_UCS2 *)data, n, pos);
        break;
    default:
        found = gate_start_ucs4((const Py_UCS4 *)data, n, pos);
        break;
    }
    return PyLong_FromSsize_t(found);
}

/* --- new_edit and cr_runs --------------------------------------------------------
 * new_edit fills an Edit record as attrs' __init__ fills it, field by field
 * with the generic setattr (what object.__setattr__ does, past a frozen
 * class's own __setattr__), but without a Python call per field; textscan
 * uses it only while Edit's __init__ does nothing else.
 *
 * cr_runs fills two arrays of offsets in place with the span of the
 * whitespace edit of each carriage return: [p, p + 1) for a "\r" that a line
 * feed follows, [p, q) for a run of lone "\r" (its last one is lone too). */

static PyObject *FIELD_NAMES[5];
static PyObject *EMPTY_ARGS;

static int
init_strings(void)
{
    static const char *const names[5] = {"rule", "start", "end", "replacement", "before"};
    for (int k = 0; k < 5; k++) {
        FIELD_NAMES[k] = PyUnicode_InternFromString(names[k]);
        if (FIELD_NAMES[k] == NULL) {
            return -1;
        }
    }
    EMPTY_ARGS = PyTuple_New(0);
    return EMPTY_ARGS ? 0 : -1;
}

/* One record from its five fields. */
static PyObject *
textscan_new_edit(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 6 || !PyType_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError,
                        "new_edit() takes the Edit class, rule, start, end, replacement, before");
        return NULL;
    }
    PyTypeObject *cls = (PyTypeObject *)args[0];
    PyObject *edit = cls->tp_new(cls, EMPTY_ARGS, NULL);
    if (edit == NULL) {
        return NULL;
    }
    for (int k = 0; k < 5; k++) {
        if (PyObject_GenericSetAttr(edit, FIELD_NAMES[k], args[k + 1]) < 0) {
            Py_DECREF(edit);
            return NULL;
        }
    }
    return edit;
}

/* An array's items as a writable buffer of C ints or long longs. */
static int
offsets_buffer(PyObject *obj, Py_buffer *view)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_WRITABLE | PyBUF_FORMAT | PyBUF_ND) < 0) {
        return -1;
    }
    const char *f = view->format;
    int ok = f != NULL && f[1] == '\0' &&
             ((f[0] == 'i' && view->itemsize == sizeof(int)) ||
              (f[0] == 'q' && view->itemsize == sizeof(long long)));
    if (!ok) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_TypeError, "cr_runs() fills arrays of type 'i' or 'q'");
        return -1;
    }
    return 0;
}

static inline void
put_offset(Py_buffer *view, Py_ssize_t k, Py_ssize_t value)
{
    if (view->itemsize == sizeof(int)) {
        ((int *)view->buf)[k] = (int)value;
    }
    else {
        ((long long *)view->buf)[k] = (long long)value;
    }
}

/* Returns the number of spans written, or -1 when the arrays are too short
 * (*lone is set when a run of lone CRs was found). */
#define DEFINE_CR(NAME, T)                                                      \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n, Py_buffer *starts,         \
                           Py_buffer *ends, Py_ssize_t room, int *lone)         \
    {                                                                           \
        Py_ssize_t k = 0;                                                       \
        for (Py_ssize_t i = 0; i < n; i++) {                                    \
            if (s[i] != '\r') {                                                 \
                continue;                                                       \
            }                                                                   \
            Py_ssize_t j = i;                                                   \
            int before_lf = i + 1 < n && s[i + 1] == '\n';                      \
            if (!before_lf) { /* a run of lone CRs: one edit */                 \
                *lone = 1;                                                      \
                while (j + 1 < n && s[j + 1] == '\r'                            \
                       && !(j + 2 < n && s[j + 2] == '\n')) {                   \
                    j++;                                                        \
                }                                                               \
            }                                                                   \
            if (k >= room) {                                                    \
                return -1;                                                      \
            }                                                                   \
            put_offset(starts, k, i);                                           \
            put_offset(ends, k, j + 1);                                         \
            k++;                                                                \
            i = j;                                                              \
        }                                                                       \
        return k;                                                               \
    }

DEFINE_CR(cr_ucs1, Py_UCS1)
DEFINE_CR(cr_ucs2, Py_UCS2)
DEFINE_CR(cr_ucs4, Py_UCS4)

static PyObject *
textscan_cr_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "cr_runs() takes a text and two arrays");
        return NULL;
    }
    PyObject *text = args[0];
    if (check_str(text, "cr_runs") < 0) {
        return NULL;
    }
    Py_buffer starts, ends;
    if (offsets_buffer(args[1], &starts) < 0) {
        return NULL;
    }
    if (offsets_buffer(args[2], &ends) < 0) {
        PyBuffer_Release(&starts);
        return NULL;
    }
    Py_ssize_t room = starts.len / starts.itemsize;
    if (ends.len / ends.itemsize < room) {
        room = ends.len / ends.itemsize;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    int lone = 0;
    Py_ssize_t count;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        count = cr_ucs1((const Py_UCS1 *)data, n, &starts, &ends, room, &lone);
        break;
    case PyUnicode_2BYTE_KIND:
        count = cr_ucs2((const Py_UCS2 *)data, n, &starts, &ends, room, &lone);
        break;
    default:
        count = cr_ucs4((const Py_UCS4 *)data, n, &starts, &ends, room, &lone);
        break;
    }
    PyBuffer_Release(&starts);
    PyBuffer_Release(&ends);
    if (count < 0) {
        PyErr_SetString(PyExc_ValueError, "cr_runs(): the arrays hold fewer items than the edits");
        return NULL;
    }
    return Py_BuildValue("(nO)", count, lone ? Py_True : Py_False);
}

/* --- lf_text -------------------------------------------------------------------
 * The text the carriage returns' edits make: "\r\n" loses its "\r", a lone "\r" is "\n".
 * (a copy scan: see run_copy_scan) */

#define DEFINE_LF(NAME, T)                                        \
    static Py_ssize_t NAME(const T *s, Py_ssize_t n, T *out)      \
    {                                                             \
        Py_ssize_t k = 0;                                         \
        for (Py_ssize_t i = 0; i < n; i++) {                      \
            T c = s[i];                                           \
            if (c == '\r') {                                      \
                if (i + 1 < n && s[i + 1] == '\n') {              \
                    continue;                                     \
                }                                                 \
                c = '\n';                                         \
            }                                                     \
            out[k++] = c;                                         \
        }                                                         \
        return k;                                                 \
    }

DEFINE_LF(lf_ucs1, Py_UCS1)
DEFINE_LF(lf_ucs2, Py_UCS2)
DEFINE_LF(lf_ucs4, Py_UCS4)

static PyObject *
textscan_lf_text(PyObject *module, PyObject *text)
{
    (void)module;
    return run_copy_scan(text, "lf_text", lf_ucs1, lf_ucs2, lf_ucs4);
}

static PyMethodDef textscan_methods[] = {
    {"hint_hits", (PyCFunction)(void (*)(void))textscan_hint_hits, METH_FASTCALL,
     "Where each of the hints starts in text, as pos << 5 | hint index, in order."},
    {"may_be_damaged", textscan_may_be_damaged, METH_O,
     "Whether text may hold what the encoding rule repairs."},
    {"maybe_not_nfc", textscan_maybe_not_nfc, METH_O,
     "False only if text is surely in NFC."},
    {"first_of", (PyCFunction)(void (*)(void))textscan_first_of, METH_FASTCALL,
     "Where the first of the ASCII words begins in text at or after start, or -1."},
    {"nonblank_starts", textscan_nonblank_starts, METH_O,
     "Where each line of text that holds a non-space character begins."},
    {"gate_start", (PyCFunction)(void (*)(void))textscan_gate_start, METH_FASTCALL,
     "Where the first branch of the encoding rule's pattern could begin at or after pos, or -1."},
    {"cr_runs", (PyCFunction)(void (*)(void))textscan_cr_runs, METH_FASTCALL,
     "Fill two arrays with the span of each carriage return's edit; (count, any lone run)."},
    {"lf_text", textscan_lf_text, METH_O, "text with every line end a line feed."},
    {"new_edit", (PyCFunction)(void (*)(void))textscan_new_edit, METH_FASTCALL,
     "An Edit record from its five fields, without a Python call per field."},
    {"drop_marks", textscan_drop_marks, METH_O,
     "text without the characters that copies of a caption may differ by."},
    {"count_space", textscan_count_space, METH_O,
     "How many characters of text str.isspace() calls space."},
    {"normal_lines", textscan_normal_lines, METH_O,
     "Whether no line of core ends with a space and no two blank lines follow each other."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef textscan_module = {
    PyModuleDef_HEAD_INIT,
    "captionfix._textscan",
    "The whole-text scans of captionfix.textscan, in C.",
    0,
    textscan_methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC
PyInit__textscan(void)
{
    if (init_strings() < 0) {
        return NULL;
    }
    return PyModule_Create(&textscan_module);
}
