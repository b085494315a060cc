#include <QApplication>
#include <QLabel>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("drove-console"));
    QLabel label(QObject::tr("Drove console: the main window lands with the UI layer."));
    label.show();
    return QApplication::exec();
}
