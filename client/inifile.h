#pragma once

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace drove::client {

/// An INI file read with the semantics of Python's configparser (the official Drove CLI reads
/// ~/.drove with it), which QSettings::IniFormat does not share:
/// - `[section]` headers; section names case-sensitive; `[DEFAULT]` supplies values every
///   section inherits; keys are case-insensitive (lower-cased); `=` or `:` delimits;
/// - whole-line comments start with `#` or `;` (no inline comments: `a = b ; c` keeps `; c`);
/// - indented lines continue the previous value (joined with '\n');
/// - values are interpolated on read: `%%` → `%`, `%(key)s` → another key of the section;
///   unlike configparser, one value may resolve at most kMaxReferences references and produce
///   at most kMaxExpansion characters over all its levels (ten levels of keys that each name
///   the next several times would otherwise expand exponentially);
/// - duplicate sections or keys, lines without a delimiter and keys before any header are
///   errors (keys before any header are accepted as section `implicitSection` when asked,
///   the layout of old CLI versions).
class IniFile
{
    Q_DECLARE_TR_FUNCTIONS(drove::client::IniFile)

public:
    static constexpr const char *kDefaultSection = "DEFAULT";
    /// Limits of one value's interpolation (see the class comment).
    static constexpr int kMaxReferences = 1000;
    /// 64 Ki characters: a ~/.drove value is an endpoint, a token or a path (a long JWT is a few
    /// KB). It was 1 Mi: fuzz_inifile found inputs where each of many keys expanded to the full
    /// budget, 2 MB strings built per value read.
    static constexpr qsizetype kMaxExpansion = 64 * 1024;

    /// Parses `text`. On failure returns nullopt and sets `error` ("line 3: …").
    static std::optional<IniFile> parse(const QString &text, QString *error,
                                        const QString &implicitSection = {});

    /// Section names in file order, without DEFAULT.
    QStringList sections() const { return m_order; }
    bool hasSection(const QString &section) const;
    /// Keys visible in `section` (its own plus DEFAULT's), lower-case.
    QStringList keys(const QString &section) const;
    /// True when `key` is visible in `section` (own or inherited).
    bool contains(const QString &section, const QString &key) const;
    /// The raw (uninterpolated) value of `key` in `section`, falling back to DEFAULT.
    std::optional<QString> rawValue(const QString &section, const QString &key) const;
    /// The interpolated value; nullopt when absent. An interpolation problem sets `error`
    /// and returns nullopt.
    std::optional<QString> value(const QString &section, const QString &key,
                                 QString *error = nullptr) const;
    /// configparser's getboolean: 1/yes/true/on and 0/no/false/off, case-insensitive.
    static std::optional<bool> toBool(const QString &text);

private:
    using Section = QMap<QString, QString>;

    struct Budget
    {
        int references = kMaxReferences;
        qsizetype characters = kMaxExpansion;
    };
    std::optional<QString> interpolate(const QString &section, const QString &raw, int depth,
                                       Budget *budget, QString *error) const;

    Section m_defaults;
    QMap<QString, Section> m_sections;
    QStringList m_order;
};

} // namespace drove::client
