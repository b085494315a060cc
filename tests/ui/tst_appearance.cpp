// View ▸ Appearance: the choice is remembered in settings, applied at start (applySaved) and at
// once to existing widgets; Dark and Light are Fusion with a dark or light palette, System puts
// the platform's palette back. Colours for messages keep their contrast in both.
#include "ui/appearance.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

using namespace drove;
using Theme = ui::Appearance::Theme;

class TestAppearance : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void choicePersistedAndApplied();
    void menuActions();
    void menuInWindowViewMenu();
    void savedChoiceAppliedAtStart_data();
    void savedChoiceAppliedAtStart();
    void messageColoursReadable_data();
    void messageColoursReadable();

private:
    static int windowLightness()
    {
        return QApplication::palette().color(QPalette::Window).lightness();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QPalette m_platformPalette;
};

namespace {

/// WCAG contrast ratio of two colours.
double contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a) + 0.05;
    const double lb = luminance(b) + 0.05;
    return la > lb ? la / lb : lb / la;
}

} // namespace

void TestAppearance::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("a.ini")),
                                             QSettings::IniFormat);
    m_platformPalette = QApplication::palette();
}

void TestAppearance::cleanup()
{
    QApplication::setPalette(m_platformPalette);
    m_settings.reset();
    m_dir.reset();
}

void TestAppearance::choicePersistedAndApplied()
{
    ui::Appearance appearance(m_settings.get());
    QCOMPARE(appearance.savedTheme(), Theme::System);
    QLabel existing(QStringLiteral("already shown"));
    existing.show();

    QSignalSpy changed(&appearance, &ui::Appearance::themeChanged);
    appearance.setTheme(Theme::Dark);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_settings->value(QStringLiteral("appearance/theme")).toString(),
             QStringLiteral("dark"));
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    QVERIFY2(windowLightness() < 80, qPrintable(QString::number(windowLightness())));
    QVERIFY(ui::Appearance::isDark(QApplication::palette()));
    // Widgets already on screen follow.
    QTRY_VERIFY(existing.palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(contrast(existing.palette().color(QPalette::WindowText),
                     existing.palette().color(QPalette::Window))
            > 7.0);

    appearance.setTheme(Theme::Light);
    QCOMPARE(m_settings->value(QStringLiteral("appearance/theme")).toString(),
             QStringLiteral("light"));
    QVERIFY2(windowLightness() > 200, qPrintable(QString::number(windowLightness())));
    QVERIFY(!ui::Appearance::isDark(QApplication::palette()));

    appearance.setTheme(Theme::System);
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             m_platformPalette.color(QPalette::Window));
    QCOMPARE(QApplication::palette().color(QPalette::Text),
             m_platformPalette.color(QPalette::Text));
    QCOMPARE(ui::Appearance(m_settings.get()).savedTheme(), Theme::System);
}

void TestAppearance::menuActions()
{
    ui::Appearance appearance(m_settings.get());
    QWidget window;
    QMenu *menu = appearance.createMenu(&window);
    auto *system = menu->findChild<QAction *>(QStringLiteral("appearanceSystemAction"));
    auto *light = menu->findChild<QAction *>(QStringLiteral("appearanceLightAction"));
    auto *dark = menu->findChild<QAction *>(QStringLiteral("appearanceDarkAction"));
    QVERIFY(system && light && dark);
    QVERIFY(system->isChecked());

    dark->trigger();
    QVERIFY(dark->isChecked());
    QVERIFY(!system->isChecked());
    QCOMPARE(appearance.theme(), Theme::Dark);
    QVERIFY(windowLightness() < 80);
    QCOMPARE(ui::Appearance(m_settings.get()).savedTheme(), Theme::Dark);

    // A choice made elsewhere (setTheme) shows in the menu too.
    appearance.setTheme(Theme::Light);
    QVERIFY(light->isChecked());
    QVERIFY(!dark->isChecked());
}

void TestAppearance::menuInWindowViewMenu()
{
    ui::Appearance appearance(m_settings.get());
    QMainWindow window;
    window.menuBar()->addMenu(QStringLiteral("&Cluster"));
    QMenu *view
        = window.menuBar()->addMenu(QCoreApplication::translate("drove::ui::MainWindow", "&View"));
    view->addAction(QStringLiteral("Operations panel"));
    QMenu *menu = appearance.addMenuTo(&window);
    QCOMPARE(window.menuBar()->actions().size(), 2); // no second View menu
    QCOMPARE(view->actions().constLast(), menu->menuAction());
    QVERIFY(view->actions().at(1)->isSeparator());

    QMainWindow bare;
    QMenu *own = appearance.addMenuTo(&bare);
    QCOMPARE(bare.menuBar()->actions().size(), 1);
    QCOMPARE(bare.menuBar()->actions().constFirst()->menu()->actions().constFirst(),
             own->menuAction());
}

void TestAppearance::savedChoiceAppliedAtStart_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<int>("theme");
    QTest::addColumn<bool>("dark");
    QTest::newRow("dark") << "dark" << int(Theme::Dark) << true;
    QTest::newRow("light") << "light" << int(Theme::Light) << false;
    QTest::newRow("unknown value falls back to system")
        << "purple" << int(Theme::System) << ui::Appearance::isDark(QApplication::palette());
}

void TestAppearance::savedChoiceAppliedAtStart()
{
    QFETCH(QString, stored);
    QFETCH(int, theme);
    QFETCH(bool, dark);
    m_settings->setValue(QStringLiteral("appearance/theme"), stored);
    ui::Appearance appearance(m_settings.get());
    QCOMPARE(appearance.savedTheme(), Theme(theme));
    appearance.applySaved();
    QCOMPARE(appearance.theme(), Theme(theme));
    QCOMPARE(ui::Appearance::isDark(QApplication::palette()), dark);
}

void TestAppearance::messageColoursReadable_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light palette") << false;
    QTest::newRow("dark palette") << true;
}

void TestAppearance::messageColoursReadable()
{
    QFETCH(bool, dark);
    const QPalette palette = dark ? ui::Appearance::darkPalette() : ui::Appearance::lightPalette();
    const QColor background = palette.color(QPalette::Window);
    for (const QColor &color :
         {ui::Appearance::errorColor(palette), ui::Appearance::warningColor(palette),
          ui::Appearance::successColor(palette)}) {
        QVERIFY2(contrast(color, background) >= 4.5,
                 qPrintable(QStringLiteral("%1 on %2: %3")
                                .arg(color.name(), background.name())
                                .arg(contrast(color, background))));
    }
}

QTEST_MAIN(TestAppearance)
#include "tst_appearance.moc"
