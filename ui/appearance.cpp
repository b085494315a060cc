#include "ui/appearance.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <memory>

namespace drove::ui {

namespace {

const QString kThemeKey = QStringLiteral("appearance/theme");
const QString kFusion = QStringLiteral("Fusion");

void setFusion()
{
    if (QApplication::style()->name().compare(kFusion, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(kFusion));
}

} // namespace

Appearance::Appearance(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_platformStyle(QApplication::style()->name())
    , m_platformPalette(QApplication::palette())
{ }

Appearance::Theme Appearance::savedTheme() const
{
    return themeFromName(m_settings->value(kThemeKey).toString()).value_or(Theme::System);
}

void Appearance::applySaved()
{
    apply(savedTheme());
}

void Appearance::setTheme(Theme theme)
{
    m_settings->setValue(kThemeKey, themeName(theme));
    apply(theme);
}

void Appearance::apply(Theme theme)
{
    switch (theme) {
    case Theme::System:
        if (QApplication::style()->name().compare(m_platformStyle, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(QStyleFactory::create(m_platformStyle));
        QApplication::setPalette(m_platformPalette);
        break;
    case Theme::Light:
        setFusion();
        QApplication::setPalette(lightPalette());
        break;
    case Theme::Dark:
        setFusion();
        QApplication::setPalette(darkPalette());
        break;
    }
    const bool changed = m_theme != theme;
    m_theme = theme;
    for (const QPointer<QActionGroup> &group : std::as_const(m_groups)) {
        if (!group)
            continue;
        for (QAction *action : group->actions()) {
            if (action->data().toInt() == int(theme))
                action->setChecked(true);
        }
    }
    if (changed)
        emit themeChanged(theme);
}

QMenu *Appearance::createMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("&Appearance"), parent);
    menu->setObjectName(QStringLiteral("appearanceMenu"));
    auto *group = new QActionGroup(menu);
    group->setExclusive(true);
    m_groups.removeAll(nullptr);
    m_groups.append(group);
    const struct
    {
        Theme theme;
        QString text;
        QString objectName;
    } choices[] = {
        {Theme::System, tr("Follow &system"), QStringLiteral("appearanceSystemAction")},
        {Theme::Light, tr("&Light"), QStringLiteral("appearanceLightAction")},
        {Theme::Dark, tr("&Dark"), QStringLiteral("appearanceDarkAction")},
    };
    for (const auto &choice : choices) {
        QAction *action = menu->addAction(choice.text);
        action->setObjectName(choice.objectName);
        action->setCheckable(true);
        action->setData(int(choice.theme));
        action->setChecked(choice.theme == m_theme);
        group->addAction(action);
        const Theme theme = choice.theme;
        connect(action, &QAction::triggered, this, [this, theme] { setTheme(theme); });
    }
    return menu;
}

QMenu *Appearance::addMenuTo(QMainWindow *window)
{
    // MainWindow builds its View menu itself; find it by its (translated) title.
    const QString title = QCoreApplication::translate("drove::ui::MainWindow", "&View");
    QMenu *view = nullptr;
    for (QAction *action : window->menuBar()->actions()) {
        if (action->menu() && action->text() == title)
            view = action->menu();
    }
    if (!view)
        view = window->menuBar()->addMenu(title);
    else if (!view->isEmpty())
        view->addSeparator();
    QMenu *menu = createMenu(window);
    view->addMenu(menu);
    return menu;
}

QString Appearance::themeName(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return QStringLiteral("system");
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

std::optional<Appearance::Theme> Appearance::themeFromName(const QString &name)
{
    for (Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        if (name.compare(themeName(theme), Qt::CaseInsensitive) == 0)
            return theme;
    }
    return std::nullopt;
}

QPalette Appearance::lightPalette()
{
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(kFusion));
    return fusion ? fusion->standardPalette() : QPalette();
}

QPalette Appearance::darkPalette()
{
    // Greys rather than black, so panels, bases and selections stay distinguishable; link and
    // highlight blues light enough for white text.
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor alternate(0x26, 0x28, 0x2b);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    const QColor button(0x35, 0x37, 0x3b);
    const QColor highlight(0x3d, 0x7e, 0xd6);

    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, alternate);
    palette.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    palette.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x45));
    palette.setColor(QPalette::Mid, QColor(0x24, 0x25, 0x28));
    palette.setColor(QPalette::Dark, QColor(0x19, 0x1a, 0x1c));
    palette.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    palette.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xff));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Base, window);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    return palette;
}

bool Appearance::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness()
        < palette.color(QPalette::WindowText).lightness();
}

QColor Appearance::errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
}

QColor Appearance::warningColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x4a, 0x00);
}

QColor Appearance::successColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x81, 0xc7, 0x84) : QColor(0x1b, 0x5e, 0x20);
}

} // namespace drove::ui
