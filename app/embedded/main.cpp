#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("drove-embedded"));
    QTextStream(stderr) << "drove-embedded: the controller core lands with the controller layer.\n";
    return 0;
}
