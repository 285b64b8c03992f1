namespace SocketIo.Adapter.Redis;
