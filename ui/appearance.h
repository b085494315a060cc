#pragma once

#include <QActionGroup>
#include <QColor>
#include <QList>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QString>

#include <optional>

class QMainWindow;
class QMenu;
class QSettings;
class QWidget;

namespace drove::ui {

/// The console's look: follow the system, or force light or dark. Light and Dark use the Fusion
/// style (the same on every platform) with a light or dark palette; System restores the
/// platform's own style and palette as they were at start-up. The choice is kept in QSettings
/// ("appearance/theme") and should be applied before the first window is shown.
class Appearance : public QObject
{
    Q_OBJECT

public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    /// Remembers the platform's style and palette (construct it before changing either).
    /// `settings` is not owned.
    explicit Appearance(QSettings *settings, QObject *parent = nullptr);

    /// The saved choice (System when none or unknown).
    Theme savedTheme() const;
    Theme theme() const { return m_theme; }
    /// Applies `theme` to the application and saves it.
    void setTheme(Theme theme);
    /// Applies the saved choice; call before the window shows.
    void applySaved();

    /// "&Appearance" with exclusive Follow system / Light / Dark actions (object names
    /// appearanceSystemAction, appearanceLightAction, appearanceDarkAction), kept in sync.
    QMenu *createMenu(QWidget *parent);
    /// Puts that menu at the end of `window`'s View menu (MainWindow's "&View"), or of a new
    /// View menu when the window has none. Returns the Appearance menu.
    QMenu *addMenuTo(QMainWindow *window);

    /// "system", "light", "dark" (stable, stored in settings).
    static QString themeName(Theme theme);
    static std::optional<Theme> themeFromName(const QString &name);
    static QPalette darkPalette();
    static QPalette lightPalette();

    /// Whether `palette` is a dark one (light text on a dark window).
    static bool isDark(const QPalette &palette);
    /// Text colours for errors, warnings and success that keep their contrast on `palette`.
    static QColor errorColor(const QPalette &palette);
    static QColor warningColor(const QPalette &palette);
    static QColor successColor(const QPalette &palette);

signals:
    void themeChanged(drove::ui::Appearance::Theme theme);

private:
    void apply(Theme theme);

    QSettings *m_settings;
    QString m_platformStyle;
    QPalette m_platformPalette;
    Theme m_theme = Theme::System;
    /// The menus' action groups, kept in step with the theme (each is deleted with its menu).
    QList<QPointer<QActionGroup>> m_groups;
};

} // namespace drove::ui
