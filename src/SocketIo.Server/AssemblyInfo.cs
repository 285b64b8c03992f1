namespace SocketIo.Server;
